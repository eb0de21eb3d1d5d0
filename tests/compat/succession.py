from manim import *


class Steps(Scene):
    def construct(self):
        dots = VGroup(*[Dot() for _ in range(5)]).arrange(RIGHT, buff=1)
        self.play(Succession(*[FadeIn(d, scale=2) for d in dots], run_time=1.5))
        arrows = VGroup(*[Arrow(dots[i].get_center(), dots[i + 1].get_center(), buff=0.1) for i in range(4)])
        self.play(AnimationGroup(*[GrowArrow(a) for a in arrows], lag_ratio=0.2))
        self.wait(0.3)
