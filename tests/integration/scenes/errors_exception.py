from manim import *


class Raises(Scene):
    def construct(self):
        self.play(Create(Circle()), run_time=0.25)
        values = {"a": 1}
        self.add(Text(str(values["missing"])))
