# Kills itself with SIGKILL: a real death by signal that must not look like our fault.
import os

from manim import *


class KillSelf9(Scene):
    def construct(self):
        self.add(Circle())
        os.kill(os.getpid(), 9)
