from manim import *


class Palette(Scene):
    def construct(self):
        c = Circle(color=CYAN, fill_opacity=0.5)
        s = Square(color=MAGENTA).next_to(c, RIGHT)
        self.play(Create(c), Create(s))
        self.play(c.animate.set_color(ORANGE))
