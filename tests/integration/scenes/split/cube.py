from manim import *


class SplitCube(ThreeDScene):
    def construct(self):
        self.set_camera_orientation(phi=60 * DEGREES, theta=-45 * DEGREES)
        cube = Cube(side_length=2, fill_opacity=0.7, fill_color=BLUE)
        self.add(ThreeDAxes())
        self.play(Create(cube), run_time=0.8)
        self.play(Rotate(cube, angle=PI / 2, axis=UP), run_time=1.2)
        self.move_camera(phi=45 * DEGREES, theta=-90 * DEGREES, run_time=1.0)
        self.play(cube.animate.scale(0.5), run_time=0.6)
