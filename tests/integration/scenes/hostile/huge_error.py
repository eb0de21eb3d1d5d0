# Fails with a message of about a megabyte.
from manim import *


class HugeError(Scene):
    def construct(self):
        raise ValueError("x" * 1_000_000)
