from manim import *


class Highlight(Scene):
    def construct(self):
        eq = MathTex(r"\sum_{k=1}^{n} k = \frac{n(n+1)}{2}")
        rect = SurroundingRectangle(eq, color=YELLOW, buff=0.15)
        self.play(Write(eq))
        self.play(Create(rect))
        self.play(eq.animate.shift(UP), rect.animate.shift(UP))
