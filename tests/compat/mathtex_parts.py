from manim import *


class EulerIdentity(Scene):
    def construct(self):
        eq = MathTex("e^{i\\pi}", "+", "1", "=", "0")
        eq[0].set_color(YELLOW)
        eq[4].set_color(GREEN)
        self.play(Write(eq))
        box = SurroundingRectangle(eq, buff=0.2)
        self.play(Create(box))
        self.wait(0.5)
