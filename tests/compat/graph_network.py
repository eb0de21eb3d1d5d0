from manim import *


class Network(Scene):
    def construct(self):
        vertices = [1, 2, 3, 4]
        edges = [(1, 2), (2, 3), (3, 4), (4, 1), (1, 3)]
        g = Graph(vertices, edges, layout="circular", labels=True)
        self.play(Create(g), run_time=1)
        self.play(g[1].animate.set_color(RED))
        self.wait(0.3)
