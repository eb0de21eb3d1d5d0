from manim import *


class BraceDemo(Scene):
    def construct(self):
        line = Line(LEFT * 3, RIGHT * 3)
        brace = Brace(line, DOWN)
        label = brace.get_tex("6")
        self.play(Create(line))
        self.play(GrowFromCenter(brace), Write(label))
        self.wait(0.3)
