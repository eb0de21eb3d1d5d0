from manim import *


class Tangent(Scene):
    def construct(self):
        ax = Axes(x_range=[0, 5], y_range=[0, 10], x_length=6, y_length=4)
        graph = ax.plot(lambda x: 0.4 * x**2, color=BLUE)
        point = ax.input_to_graph_point(3, graph)
        vline = ax.get_vertical_line(point, color=YELLOW)
        dot = Dot(point)
        tangent = TangentLine(graph, alpha=0.6, length=4, color=RED)
        self.play(Create(ax), Create(graph))
        self.play(Create(vline), FadeIn(dot), Create(tangent))
