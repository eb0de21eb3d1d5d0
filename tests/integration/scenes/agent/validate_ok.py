# Renders fine (with one compat adaptation): validate answers its scenes, the first one's
# animation count (3: two plays and a wait) and length (0.5 + 1 + 0.25 = 1.75 s).
from manim import *


class Checked(Scene):
    def construct(self):
        circle = Circle()
        self.play(ShowCreation(circle), run_time=0.5)
        self.play(circle.animate.shift(RIGHT), run_time=1)
        self.wait(0.25)


class Other(Scene):
    def construct(self):
        self.play(FadeIn(Square()))
