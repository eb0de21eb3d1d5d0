from manim import *


class MatrixMul(Scene):
    def construct(self):
        m = Matrix([[1, 2], [3, 4]])
        v = Matrix([[5], [6]])
        eq = MathTex("=")
        r = Matrix([[17], [39]])
        group = VGroup(m, v, eq, r).arrange(RIGHT)
        self.play(Write(m), Write(v))
        self.play(Write(eq), FadeIn(r))
        self.play(Circumscribe(r))
