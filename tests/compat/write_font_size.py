from manim import *


class Headline(Scene):
    def construct(self):
        title = Text("The Pythagorean Theorem")
        self.play(Write(title, font_size=48))
        self.play(title.animate.to_edge(UP))
        formula = MathTex("a^2 + b^2 = c^2")
        self.play(Write(formula, run_time=1, color=YELLOW))
        self.wait(0.5)
