from manim import *


class Sphere3D(ThreeDScene):
    def construct(self):
        self.set_camera_orientation(phi=70 * DEGREES, theta=45 * DEGREES)
        sphere = ParametricSurface(
            lambda u, v: np.array([np.cos(u) * np.sin(v), np.sin(u) * np.sin(v), np.cos(v)]),
            u_range=[0, TAU],
            v_range=[0, PI],
            resolution=(8, 8),
        )
        self.play(Create(sphere), run_time=1)
        self.wait(0.3)
