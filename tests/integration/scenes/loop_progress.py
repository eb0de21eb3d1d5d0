from manim import *


class LoopProgress(Scene):
    """Three animations from a loop: only the counting child can know there are three.

    Six seconds of animation, so the count arrives well before the end even on a busy box.
    """

    def construct(self):
        for shift in (LEFT, ORIGIN, RIGHT):
            self.play(FadeIn(Dot().shift(shift)), run_time=2)
