from manim import *


class BadKwarg(Scene):
    def construct(self):
        sq = Square(side=3, color=BLUE)
        self.play(Create(sq))
