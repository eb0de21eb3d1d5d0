from manim import *


class Arcs(Scene):
    def construct(self):
        straight = Line(LEFT * 3, RIGHT * 3, path_arc=None)
        curved = Line(LEFT * 3, RIGHT * 3, path_arc=PI / 3).shift(DOWN)
        self.play(Create(straight), Create(curved))
        self.wait(0.3)
