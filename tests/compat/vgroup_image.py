from manim import *


class Mixed(Scene):
    def construct(self):
        img = ImageMobject(np.uint8([[0, 255], [255, 0]])).scale(2)
        caption = Text("checker").next_to(img, DOWN)
        group = VGroup(img, caption)
        self.play(FadeIn(group))
