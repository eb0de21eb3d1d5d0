import time

from manim import *


class SlowStart(Scene):
    """Quiet for 2.5 s before its only animation: the progress heartbeat must tick."""

    def construct(self):
        time.sleep(2.5)
        self.play(FadeIn(Dot()), run_time=0.25)
