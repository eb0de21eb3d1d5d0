from manim import *


class One(Scene):
    def construct(self):
        self.play(Create(Circle(color=BLUE)), run_time=2)
