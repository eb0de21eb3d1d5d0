from manim import *


class WarningSign(Scene):
    def construct(self):
        sign = Triangle(color=YELLOW, fill_opacity=0.6).scale(1.5)
        mark = Text("!", color=BLACK, font_size=72).move_to(sign.get_center() + DOWN * 0.3)
        self.play(DrawBorderThenFill(sign))
        self.play(Write(mark))
        self.play(sign.animate.set_color(YELLOW_C))
