# Slips with exactly one meaning (docs/compat.md, third table), apart from colour names,
# which have their own file. A "# compat.<code>" comment marks each line that must warn.
from manim import *


class FlatPoints(Scene):
    def construct(self):
        dot = Dot([1, 2])  # compat.point_2d
        triangle = Polygon([0, 0], [1, 0], [0, 1])  # compat.point_2d
        triangle.move_to([-2, 1])  # compat.point_2d
        self.add(dot, triangle)
        self.wait(0.2)


class FadeInPositionalShift(Scene):
    def construct(self):
        self.play(FadeIn(Square(), UP), run_time=0.2)  # compat.fade_positional_shift
