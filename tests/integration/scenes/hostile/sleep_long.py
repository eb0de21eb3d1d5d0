# Sleeps far past any time limit a test sets.
import time

from manim import *


class SleepLong(Scene):
    def construct(self):
        self.add(Circle())
        time.sleep(120)
