from manim import *


class Triangle2D(Scene):
    def construct(self):
        tri = Polygon([0, 0], [3, 0], [0, 2], color=BLUE)
        label = MathTex("A").next_to(tri.get_vertices()[0], DL)
        self.play(Create(tri), Write(label))
        self.wait(0.3)
