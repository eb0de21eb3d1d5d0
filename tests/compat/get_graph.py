from manim import *


class OldGraph(Scene):
    def construct(self):
        axes = Axes(x_range=[-3, 3, 1], y_range=[-1, 9, 2], x_length=6, y_length=4)
        parabola = axes.get_graph(lambda x: x**2, color=GREEN)
        self.play(Create(axes))
        self.play(ShowCreation(parabola))
        self.wait(0.3)
