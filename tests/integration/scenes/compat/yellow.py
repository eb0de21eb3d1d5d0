# YELLOW is the one documented difference for 0.21 code: #FFFF00 under compat 0.19 (as in
# manim 0.19), #F7D96F under none. A YELLOW square on the left (x = -2) and a PURE_YELLOW
# one on the right (x = 2), both filled, from the first frame.
from manim import *


class Yellow(Scene):
    def construct(self):
        left = Square(side_length=2, color=YELLOW, fill_opacity=1).move_to(LEFT * 2)  # compat.yellow
        right = Square(side_length=2, color=PURE_YELLOW, fill_opacity=1).move_to(RIGHT * 2)
        self.add(left, right)
        self.play(left.animate.scale(0.8), run_time=0.3)
