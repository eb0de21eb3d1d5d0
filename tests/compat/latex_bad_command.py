from manim import *


class BadTex(Scene):
    def construct(self):
        eq = MathTex(r"\frac{a}{b} = \badcommand{c}")
        self.play(Write(eq))
