from manim import *


class Spinner(Scene):
    def construct(self):
        arrow = Arrow(ORIGIN, RIGHT * 2, buff=0)
        self.add(arrow)
        self.play(Rotating(arrow, radians=PI, about_point=ORIGIN), run_time=1)
        self.play(Rotating(arrow, OUT, PI / 2, about_point=ORIGIN), run_time=0.5)
        self.wait(0.3)
