from manim import *


class SplitBench(Scene):
    """About 10 s, twelve animations of unequal length, no updaters or random numbers."""

    def construct(self):
        square = Square(side_length=2, color=BLUE, fill_opacity=0.4)
        circle = Circle(radius=1, color=RED, fill_opacity=0.4).shift(RIGHT * 3)
        title = Text("bench/split", font_size=56).to_edge(UP)
        self.play(Write(title), run_time=1.0)
        self.play(Create(square), run_time=0.8)
        self.play(square.animate.shift(LEFT * 3), run_time=0.6)
        self.play(FadeIn(circle), run_time=0.5)
        self.play(Rotate(square, PI / 2), run_time=1.2)
        self.play(Transform(circle, Triangle(color=GREEN, fill_opacity=0.4).shift(RIGHT * 3)),
                  run_time=1.0)
        self.wait(0.5)
        self.play(square.animate.scale(0.5).set_color(YELLOW), run_time=0.7)
        self.play(circle.animate.shift(DOWN * 2), square.animate.shift(UP), run_time=1.1)
        grid = VGroup(*[Dot(point=[x, y, 0]) for x in range(-5, 6) for y in range(-2, 3)])
        self.play(LaggedStartMap(FadeIn, grid, lag_ratio=0.02), run_time=1.3)
        self.play(FadeOut(grid), run_time=0.6)
        self.play(FadeOut(square), FadeOut(circle), FadeOut(title), run_time=0.8)
