# A keyword the class does not take: the hint lists the ones it takes.
from manim import *


class Keyword(Scene):
    def construct(self):
        square = Square(side=2)
        self.play(Create(square))
