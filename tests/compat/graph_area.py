from manim import *


class AreaUnderCurve(Scene):
    def construct(self):
        ax = Axes(x_range=[0, 4, 1], y_range=[0, 9, 3], x_length=6, y_length=4)
        curve = ax.plot(lambda x: x**2 / 2, x_range=[0, 4], color=BLUE)
        area = ax.get_area(curve, x_range=[1, 3], color=GREEN, opacity=0.5)
        rects = ax.get_riemann_rectangles(curve, x_range=[0, 4], dx=0.5)
        self.play(Create(ax), Create(curve))
        self.play(FadeIn(rects))
        self.play(ReplacementTransform(rects, area))
        self.wait(0.3)
