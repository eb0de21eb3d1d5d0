# Signals its PID namespace's init (the fork server's PID 1 is a Python process).
import os
import signal
import time

from manim import *


class SigintInit(Scene):
    def construct(self):
        self.add(Circle())
        os.kill(1, signal.SIGINT)
        time.sleep(0.5)
        os._exit(3)
