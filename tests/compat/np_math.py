from manim import *


class Factorials(Scene):
    def construct(self):
        values = [np.math.factorial(n) for n in range(1, 6)]
        bars = VGroup(*[Rectangle(width=0.5, height=v / 40 + 0.1) for v in values])
        bars.arrange(RIGHT, aligned_edge=DOWN)
        self.play(Create(bars), run_time=1)
        self.wait(0.3)
