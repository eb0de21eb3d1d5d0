from manim import *


class Broken(Scene):
    def construct(self)
        self.play(Create(Circle()))
