from manim import *


class Border(Scene):
    def construct(self):
        hexagon = RegularPolygon(6, fill_opacity=1, color=PURPLE)
        self.play(DrawBorderThenFill(hexagon, draw_border_animation_config={"rate_func": linear}, fill_animation_config={}))
        self.wait(0.3)
