from manim import *


class Warns(Scene):
    def construct(self):
        square = Square(color=GREEN, fill_opacity=0.5)
        self.play(Create(square, color=RED), run_time=0.6)
        self.play(square.animate.shift(LEFT), run_time=0.6)
        circle = Circle()
        self.play(FadeIn(circle, direction=UP), run_time=0.6)
        self.play(Rotating(circle, radians=PI), run_time=0.6)
