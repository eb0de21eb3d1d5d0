from manim import *


class NumberLineDemo(Scene):
    def construct(self):
        line = NumberLine(x_range=[-5, 5, 1], length=10, include_numbers=True)
        pointer = Vector(DOWN).next_to(line.n2p(-3), UP)
        self.play(Create(line))
        self.play(GrowArrow(pointer))
        self.play(pointer.animate.next_to(line.n2p(4), UP), run_time=1)
        self.wait(0.3)
