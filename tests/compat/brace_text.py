from manim import *


class BraceTextDemo(Scene):
    def construct(self):
        square = Square(side_length=3)
        brace = BraceText(square, "$x^2 + 1$")
        self.play(Create(square))
        self.play(FadeIn(brace))
        self.wait(0.3)
