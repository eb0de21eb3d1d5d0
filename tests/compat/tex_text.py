from manim import *


class GlText(Scene):
    def construct(self):
        text = TexText("Hello from manimgl")
        self.play(Write(text))
        self.wait(0.3)
