# A NameError one letter from a manim name: the hint names the close one (Create).
from manim import *


class Typo(Scene):
    def construct(self):
        circle = Circle(color=BLUE)
        self.play(Creat(circle))
