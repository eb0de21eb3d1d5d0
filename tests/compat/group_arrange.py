from manim import *


class Shapes(Scene):
    def construct(self):
        shapes = VGroup(
            Circle(color=RED),
            Square(color=GREEN),
            Triangle(color=BLUE),
            RegularPolygon(n=6, color=PURPLE),
        ).arrange(RIGHT, buff=0.5).scale(0.7)
        self.play(LaggedStart(*[Create(s) for s in shapes], lag_ratio=0.3))
        self.play(shapes.animate.arrange(DOWN, buff=0.2).scale(0.6))
        self.play(Indicate(shapes[2]))
        self.wait(0.3)
