# A name removed from manim CE (run with compat none): the hint says what to write.
from manim import *


class OldApi(Scene):
    def construct(self):
        self.play(ShowCreation(Circle()))
