from manim import *


class Shapes(Scene):
    """Exactly 2 s of animation: 1 s Create, then a 1 s wait."""

    def construct(self):
        square = Square(color=RED).shift(LEFT * 2)
        circle = Circle(color=BLUE, fill_opacity=0.5).shift(RIGHT * 2)
        self.play(Create(square), Create(circle), run_time=1)
        self.wait(1)
