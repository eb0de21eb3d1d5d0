from manim import *


class Pendulum(Scene):
    def construct(self):
        angle = ValueTracker(PI / 4)
        pivot = UP * 2.5
        bob = always_redraw(lambda: Dot(pivot + 3 * np.array([np.sin(angle.get_value()), -np.cos(angle.get_value()), 0]), radius=0.2, color=BLUE))
        rod = always_redraw(lambda: Line(pivot, bob.get_center()))
        self.add(rod, bob)
        self.play(angle.animate.set_value(-PI / 4), run_time=1, rate_func=there_and_back)
