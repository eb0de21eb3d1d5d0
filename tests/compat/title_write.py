from manim import *


class TitleScene(Scene):
    def construct(self):
        title = Text("Introduction to Vectors", font_size=48)
        subtitle = Text("A visual approach", font_size=28).next_to(title, DOWN)
        self.play(Write(title))
        self.play(FadeIn(subtitle, shift=UP))
        self.wait(0.5)
        self.play(FadeOut(title), FadeOut(subtitle))
