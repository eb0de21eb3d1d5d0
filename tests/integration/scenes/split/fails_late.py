from manim import *


class Explode(Animation):
    """Fine when skipped (only its end is computed), fails once frames are drawn."""

    def interpolate_mobject(self, alpha):
        if 0 < alpha < 1:
            raise ValueError("exploded mid-animation")
        super().interpolate_mobject(alpha)


class FailsLate(Scene):
    def construct(self):
        square = Square()
        self.play(Create(square), run_time=1)
        self.play(square.animate.shift(LEFT), run_time=1)
        self.play(square.animate.shift(RIGHT * 2), run_time=1)
        self.play(Explode(square), run_time=1)
