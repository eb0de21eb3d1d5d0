from manim import *


class Rearrange(Scene):
    def construct(self):
        a = MathTex("{{a}}^2", "+", "{{b}}^2", "=", "{{c}}^2")
        b = MathTex("{{a}}^2", "=", "{{c}}^2", "-", "{{b}}^2")
        self.play(Write(a))
        self.wait(0.3)
        self.play(TransformMatchingTex(a, b))
        self.wait(0.5)
