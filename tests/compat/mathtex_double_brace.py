from manim import *


class Braces(Scene):
    def construct(self):
        eq = MathTex(r"\frac{1}{{n}}", "+", "x")
        self.play(Write(eq))
        self.wait(0.3)
