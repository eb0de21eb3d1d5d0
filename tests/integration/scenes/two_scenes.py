from manim import *


class First(Scene):
    def construct(self):
        self.play(Create(Circle()), run_time=0.5)


class Second(Scene):
    def construct(self):
        self.play(Create(Square()), run_time=0.5)
        self.play(FadeOut(Square()), run_time=0.5)
        self.wait(0.5)
