# Ends itself with a real-time signal: sigabbrev_np() has no name for it.
import os

from manim import *


class RtSignal(Scene):
    def construct(self):
        self.add(Circle())
        os.kill(os.getpid(), 40)
