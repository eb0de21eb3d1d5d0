from manim import *


class Two(Scene):
    def construct(self):
        square = Square(color=GREEN, fill_opacity=0.5)
        self.play(Create(square), run_time=0.6)
        self.play(Transform(square, Circle(color=RED, fill_opacity=0.5)), run_time=1.8)
