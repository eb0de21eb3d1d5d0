from manim import *


class Long(Scene):
    """Eight animations of two seconds: long enough to cancel mid-way."""

    def construct(self):
        square = Square(color=BLUE, fill_opacity=0.3)
        self.add(square)
        for i in range(8):
            self.play(square.animate.rotate(PI / 4).set_color(interpolate_color(BLUE, RED, i / 7)),
                      run_time=2)
