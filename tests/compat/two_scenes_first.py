from manim import *


class PartOne(Scene):
    def construct(self):
        self.play(Write(Text("Part one")))


class PartTwo(Scene):
    def construct(self):
        self.play(Write(Text("Part two")))
