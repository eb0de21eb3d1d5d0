from manim import *


class ColorMap(Scene):
    def construct(self):
        eq = MathTex(r"x^2 + y^2 = r^2", tex_to_color_map={"x": RED, "y": GREEN})
        self.play(Write(eq))
        self.play(Indicate(eq.get_part_by_tex("y")))
        self.wait(0.3)
