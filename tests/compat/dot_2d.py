from manim import *


class Points(Scene):
    def construct(self):
        a = Dot([1, 2])
        b = Dot([-2, -1], color=RED)
        line = Line([0, 0], [1, 1])
        self.play(FadeIn(a), FadeIn(b))
        self.play(Create(line))
        self.wait(0.3)
