from manim import *


class Entrances(Scene):
    def construct(self):
        a = Text("left")
        b = Text("below").next_to(a, DOWN)
        self.play(FadeInFrom(a, LEFT))
        self.play(FadeInFromDown(b))
        self.play(FadeOutAndShift(a, UP), FadeOutAndShiftDown(b))
