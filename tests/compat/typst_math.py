from manim import *


class TypstFormula(Scene):
    def construct(self):
        eq = TypstMath("sum_(k=1)^n k = (n(n+1))/2")
        self.play(Write(eq))
