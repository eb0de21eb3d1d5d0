from manim import *


class UnicodeText(Scene):
    def construct(self):
        words = VGroup(
            Text("Grüße, naïve café"),
            Text("Привет, Ελληνικά"),
            Text("你好，世界 こんにちは 안녕"),
        ).arrange(DOWN)
        self.play(FadeIn(words), run_time=0.5)
