from manim import *


class Hello(Scene):
    def construct(self):
        title = Text("Hello, manimd")
        circle = Circle(color=BLUE).next_to(title, DOWN)
        self.play(Write(title))
        self.play(Create(circle))
        self.play(circle.animate.set_fill(BLUE, opacity=0.5))
        self.wait(0.5)
