import time

from manim import *


class Sleepy(Scene):
    """Holds its sandbox for a few seconds: long enough to queue behind, cancel or stop."""

    def construct(self):
        time.sleep(4)
        self.play(FadeIn(Dot()), run_time=0.25)
