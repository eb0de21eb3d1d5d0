# construct() never returns: validate (like a render) stops at RENDER_TIMEOUT_S.
from manim import *


class Endless(Scene):
    def construct(self):
        n = 0
        while True:
            n += 1
