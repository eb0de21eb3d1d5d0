from manim import *


class StarScene(Scene):
    def construct(self):
        star = Star(n=5, outer_radius=2, color=GOLD, fill_opacity=0.8)
        self.play(DrawBorderThenFill(star))
        self.play(Rotate(star, angle=PI / 5))
        self.play(star.animate.set_fill(ORANGE))
        self.wait(0.3)
