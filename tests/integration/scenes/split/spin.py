from manim import *


class Spin(Animation):
    """Burns CPU on every frame it draws (never when skipped: alpha is then 1)."""

    def interpolate_mobject(self, alpha):
        if 0 < alpha < 1:
            n = 0
            while True:
                n += 1


class Spinner(Scene):
    def construct(self):
        square = Square()
        self.play(Spin(square), run_time=2)
        self.play(Spin(square), run_time=2)
