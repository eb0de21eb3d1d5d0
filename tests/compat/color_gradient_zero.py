from manim import *


class Gradient(Scene):
    def construct(self):
        n = 6
        colors = color_gradient([BLUE, GREEN], n)
        dots = VGroup(*[Dot(color=c) for c in colors]).arrange(RIGHT)
        base = color_gradient([RED, ORANGE], 0)
        title = Text("gradient", color=base).to_edge(UP)
        self.play(FadeIn(dots), Write(title))
        self.wait(0.3)
