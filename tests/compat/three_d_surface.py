from manim import *


class Paraboloid(ThreeDScene):
    def construct(self):
        axes = ThreeDAxes(x_range=[-2, 2], y_range=[-2, 2], z_range=[0, 4])
        surface = Surface(
            lambda u, v: axes.c2p(u, v, 0.5 * (u**2 + v**2)),
            u_range=[-1.5, 1.5],
            v_range=[-1.5, 1.5],
            resolution=(8, 8),
        )
        surface.set_style(fill_opacity=0.7)
        self.set_camera_orientation(phi=65 * DEGREES, theta=30 * DEGREES)
        self.play(Create(axes))
        self.play(Create(surface), run_time=1)
        self.wait(0.5)
