from manim import *


class Grid(Scene):
    def construct(self):
        plane = NumberPlane(x_range=[-4, 4], y_range=[-3, 3])
        plane.add_coordinate_labels()
        vec = Arrow(plane.c2p(0, 0), plane.c2p(2, 1), buff=0, color=YELLOW)
        self.play(Create(plane), run_time=1)
        self.play(GrowArrow(vec))
