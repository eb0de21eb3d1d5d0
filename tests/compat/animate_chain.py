from manim import *


class Chain(Scene):
    def construct(self):
        sq = Square()
        self.add(sq)
        self.play(sq.animate.shift(LEFT).rotate(PI / 4).set_color(TEAL), run_time=1)
        self.play(sq.animate.scale(0.5).to_corner(UR))
        self.play(FadeOut(sq, shift=DOWN))
