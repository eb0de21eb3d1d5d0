from manim import *


class Agenda(Scene):
    def construct(self):
        items = BulletedList("Vectors", "Matrices", "Eigenvalues", font_size=40)
        title = Title("Agenda")
        self.play(Write(title))
        self.play(Write(items))
        self.play(items.animate.fade_all_but(1))
