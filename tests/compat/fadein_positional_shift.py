from manim import *


class GlFade(Scene):
    def construct(self):
        title = Text("Coming in")
        self.play(FadeIn(title, UP))
        self.play(FadeOut(title, DOWN))
