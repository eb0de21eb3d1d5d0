from manim import *


class Formula(Scene):
    def construct(self):
        eq = MathTex(r"e^{i\pi} + 1 = 0", r"\quad \int_0^1 x^2\,dx = \frac{1}{3}")
        title = Tex(r"Euler's identity")
        self.add(VGroup(title, eq).arrange(DOWN))
        self.wait(0.2)
