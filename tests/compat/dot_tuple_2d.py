from manim import *


class Scatter(Scene):
    def construct(self):
        pts = [(1, 1), (2, 3), (-1, 2), (-2, -1)]
        dots = VGroup(*[Dot(point=p) for p in pts])
        path = VMobject()
        path.set_points_as_corners([[x, y, 0] for x, y in pts])
        self.play(LaggedStartMap(FadeIn, dots, lag_ratio=0.2))
        self.play(Create(path))
