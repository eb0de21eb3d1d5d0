from manim import *


class HighlightTerms(Scene):
    def construct(self):
        eq = MathTex("f(x)", "=", "x^2", "+", "2x", "+", "1")
        self.play(Write(eq))
        xs = eq.get_parts_by_tex("x")
        self.play(xs.animate.set_color(RED))
        self.play(Indicate(eq.get_part_by_tex("=")))
        self.wait(0.3)
