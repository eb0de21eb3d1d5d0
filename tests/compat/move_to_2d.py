from manim import *


class Move2D(Scene):
    def construct(self):
        sq = Square(side_length=1)
        self.add(sq)
        self.play(sq.animate.move_to([2, 1]))
        arrow = Arrow(start=[-3, -2], end=[0, 0])
        self.play(GrowArrow(arrow))
        self.wait(0.3)
