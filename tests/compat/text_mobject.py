from manim import *


class OldText(Scene):
    def construct(self):
        title = TextMobject("Old style title")
        formula = TexMobject("\\int_0^1 x\\,dx = \\frac{1}{2}")
        formula.next_to(title, DOWN)
        self.play(Write(title))
        self.play(Write(formula))
        self.wait(0.3)
