from manim import *


class Typo(Scene):
    def construct(self):
        c = Cirle(radius=1)
        self.play(Create(c))
