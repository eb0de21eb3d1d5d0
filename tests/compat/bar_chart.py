from manim import *


class Sales(Scene):
    def construct(self):
        chart = BarChart(
            values=[3, 5, 2, 7],
            bar_names=["Q1", "Q2", "Q3", "Q4"],
            y_range=[0, 8, 2],
            y_length=4,
            x_length=6,
        )
        title = Text("Quarterly sales", font_size=32).to_edge(UP)
        self.play(Write(title))
        self.play(Create(chart))
        self.play(chart.animate.change_bar_values([4, 6, 3, 8]))
        self.wait(0.3)
