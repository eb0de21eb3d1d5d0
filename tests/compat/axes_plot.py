from manim import *


class PlotSine(Scene):
    def construct(self):
        axes = Axes(
            x_range=[-PI, PI, PI / 2],
            y_range=[-1.5, 1.5, 0.5],
            x_length=8,
            y_length=4,
            axis_config={"color": GREY},
        )
        labels = axes.get_axis_labels(x_label="x", y_label="y")
        graph = axes.plot(lambda x: np.sin(x), color=YELLOW)
        label = axes.get_graph_label(graph, label=r"\sin(x)")
        self.play(Create(axes), Write(labels))
        self.play(Create(graph), run_time=1)
        self.play(Write(label))
        self.wait(0.5)
