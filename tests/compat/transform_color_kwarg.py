from manim import *


class Morph(Scene):
    def construct(self):
        a = Circle()
        b = Square()
        self.add(a)
        self.play(Transform(a, b, color=RED, run_time=1))
        self.play(GrowFromCenter(Triangle(), color=BLUE))
        self.play(Uncreate(a, stroke_width=4))
