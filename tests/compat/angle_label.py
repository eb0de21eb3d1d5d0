from manim import *


class AngleDemo(Scene):
    def construct(self):
        l1 = Line(ORIGIN, RIGHT * 3)
        l2 = Line(ORIGIN, RIGHT * 3).rotate(PI / 3, about_point=ORIGIN)
        angle = Angle(l1, l2, radius=0.8)
        label = MathTex(r"\theta").move_to(Angle(l1, l2, radius=1.2).point_from_proportion(0.5))
        self.play(Create(l1), Create(l2))
        self.play(Create(angle), Write(label))
