from manim import *


class Progress(Scene):
    """Two animations, the first long enough for the animation count to arrive during it."""

    def construct(self):
        self.play(Create(Circle()), run_time=3)
        self.wait(0.5)
