# Floods the helper's channel with forged progress events for a few seconds.
import os
import time

from manim import *


class ProgressStorm(Scene):
    def construct(self):
        batch = b"".join(b'{"event":"progress","animation":%d,"percent":50.0}\n' % (i + 1)
                         for i in range(2000))
        end = time.monotonic() + 6
        while time.monotonic() < end:
            os.write(3, batch)
        self.add(Circle())
        self.wait(0.1)
