from manim import *


class Tiny(Scene):
    """A quarter second: cheap enough to render at 2160p60 in a test."""

    def construct(self):
        self.play(FadeIn(Dot(color=YELLOW)), run_time=0.25)
