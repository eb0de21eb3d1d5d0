from manim import *


class Vectors3D(ThreeDScene):
    def construct(self):
        axes = ThreeDAxes()
        v = Arrow3D(start=ORIGIN, end=[2, 1, 1], color=RED)
        self.set_camera_orientation(phi=60 * DEGREES, theta=-45 * DEGREES)
        self.add(axes)
        self.play(Create(v))
        self.begin_ambient_camera_rotation(rate=0.5)
        self.wait(0.5)
        self.stop_ambient_camera_rotation()
