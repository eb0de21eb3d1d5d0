# Code written for manim 0.21, touching what the compatibility layer patches (animations,
# Rotating, color_gradient, MathTex parts, Line, points, FadeIn): it must render the same,
# frame for frame and without warnings, under compat 0.19 and none. Four filled squares
# along the top (BLUE, RED, GREEN, PURE_YELLOW at x = -4.5, -1.5, 1.5, 4.5; y = 2) are
# there from the first frame for pixel checks.
from manim import *


class Modern(Scene):
    def construct(self):
        colours = [BLUE, RED, GREEN, PURE_YELLOW]
        squares = VGroup(*[Square(side_length=1.5, color=c, fill_opacity=1) for c in colours])
        squares.arrange(RIGHT, buff=1.5).move_to([0, 2, 0])
        self.add(squares)
        eq = MathTex("E", "=", "mc^2").shift(DOWN)
        eq.set_color_by_tex("mc^2", ORANGE)
        dots = VGroup(*[Dot([x, -2.5, 0], color=c)
                        for x, c in zip([-1, 0, 1], color_gradient([RED, BLUE], 3))])
        line = Line(LEFT * 5, LEFT * 3, path_arc=0).shift(DOWN * 2)
        self.play(Create(line), FadeIn(eq, shift=UP), Write(Text("0.21").to_edge(DOWN)),
                  run_time=0.5)
        self.play(Rotating(squares[0], PI / 2, run_time=0.5), FadeIn(dots))
        self.wait(0.2)
