# A TeX command LaTeX does not know: latex_error with TeX's own error and l.N line.
from manim import *


class UndefinedCommand(Scene):
    def construct(self):
        formula = MathTex(r"\frac{a}{b} = \badcommand{c}")
        self.play(Write(formula))
