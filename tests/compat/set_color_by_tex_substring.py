from manim import *


class ColorByTex(Scene):
    def construct(self):
        eq = MathTex("E", "=", "mc^2")
        eq.set_color_by_tex("E", YELLOW)
        eq.set_color_by_tex("c", BLUE)
        self.play(Write(eq))
        self.wait(0.3)
