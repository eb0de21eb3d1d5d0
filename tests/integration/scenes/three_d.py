from manim import *


class Cube3D(ThreeDScene):
    def construct(self):
        self.set_camera_orientation(phi=60 * DEGREES, theta=-45 * DEGREES)
        axes = ThreeDAxes()
        cube = Cube(side_length=2, fill_opacity=0.7, fill_color=BLUE)
        self.add(axes)
        self.play(Create(cube), run_time=0.5)
        self.play(Rotate(cube, angle=PI / 2, axis=UP), run_time=0.5)
