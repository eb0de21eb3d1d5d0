from manim import *


class Cascade(Scene):
    def construct(self):
        squares = VGroup(*[Square(0.6) for _ in range(6)]).arrange(RIGHT)
        self.play(LaggedStartMap(AnimationClass=FadeIn, mobject=squares, run_time=1))
        self.play(LaggedStartMap(Indicate, squares, run_time=1))
