from manim import *


class Pop(Scene):
    def construct(self):
        star = Star(color=GOLD, fill_opacity=1)
        self.play(FadeInFromLarge(star, scale_factor=3))
        self.play(FadeInFromPoint(Dot(), UP * 2))
