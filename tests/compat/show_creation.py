from manim import *


class OldCreate(Scene):
    def construct(self):
        circle = Circle()
        square = Square().next_to(circle, RIGHT)
        self.play(ShowCreation(circle))
        self.play(ShowCreation(square), run_time=1)
        self.play(Uncreate(circle))
