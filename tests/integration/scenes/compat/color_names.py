# CYAN and MAGENTA, which manim lacks: compat 0.19 finds the lines from the source (plain
# names are never seen being read), so they have a file of their own.
from manim import *


class CssColours(Scene):
    def construct(self):
        square = Square(color=CYAN, fill_opacity=1)  # compat.color_name
        circle = Circle(color="magenta").next_to(square, RIGHT)  # compat.color_name
        self.add(square, circle)
        self.wait(0.2)
