from manim import *


class FadeDemo(Scene):
    def construct(self):
        words = VGroup(Text("one"), Text("two"), Text("three")).arrange(DOWN)
        self.play(FadeIn(words[0], direction=UP))
        self.play(FadeIn(words[1], opacity=0.5))
        self.play(FadeIn(words[2], shift=LEFT, stroke_width=2))
        self.wait(0.3)
