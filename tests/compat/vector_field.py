from manim import *


class Field(Scene):
    def construct(self):
        func = lambda p: np.array([-p[1], p[0], 0]) / 3
        field = ArrowVectorField(func, x_range=[-4, 4, 1], y_range=[-3, 3, 1])
        self.play(Create(field), run_time=1)
        dot = Dot(RIGHT * 2)
        self.add(dot)
        self.play(MoveAlongPath(dot, Circle(radius=2)), run_time=1)
