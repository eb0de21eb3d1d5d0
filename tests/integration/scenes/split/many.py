from manim import *


class Many(Scene):
    """Six animations of unequal length, a frozen wait among them, a Text (pango)."""

    def construct(self):
        title = Text("split me", font_size=48).to_edge(UP)
        dot = Dot(color=YELLOW)
        square = Square(color=BLUE, fill_opacity=0.4)
        self.play(Write(title), run_time=0.8)
        self.play(Create(square), run_time=1.6)
        self.wait(0.6)
        self.play(square.animate.rotate(PI / 3).shift(RIGHT * 2), run_time=1.2)
        self.play(FadeIn(dot), dot.animate.shift(LEFT * 3), run_time=0.4)
        self.play(Transform(square, Circle(color=ORANGE)), FadeOut(title), run_time=2.0)
