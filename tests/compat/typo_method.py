from manim import *


class TypoMethod(Scene):
    def construct(self):
        sq = Square()
        sq.rotate_by(PI / 4)
        self.play(Create(sq))
