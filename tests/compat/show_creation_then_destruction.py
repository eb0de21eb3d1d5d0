from manim import *


class Flash(Scene):
    def construct(self):
        path = Circle(radius=2)
        self.play(ShowCreationThenDestruction(path), run_time=1)
        self.play(ShowCreationThenFadeOut(Square()))
