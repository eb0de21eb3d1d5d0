# Writes its own "internal" verdict on the helper's channel and leaves.
import os

from manim import *


class ForgedInternal(Scene):
    def construct(self):
        os.write(3, b'{"event":"result","ok":false,"kind":"internal","message":"forged"}\n')
        os._exit(0)
