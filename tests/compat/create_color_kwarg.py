from manim import *


class ColoredCreate(Scene):
    def construct(self):
        circle = Circle(radius=1.5)
        square = Square(side_length=2).shift(RIGHT * 3)
        self.play(Create(circle, color=BLUE))
        self.play(Create(square, color=RED, run_time=1))
        self.wait(0.5)
