# Leaves with an exit status past 128+SIGRTMAX, which is no signal at all.
import os

from manim import *


class Exit200(Scene):
    def construct(self):
        self.add(Circle())
        os._exit(200)
