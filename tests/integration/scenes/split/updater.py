from manim import *


class Updater(Scene):
    """A label that follows a moving dot: an updater, so it must not be split."""

    def construct(self):
        dot = Dot()
        label = always_redraw(lambda: Text("here", font_size=24).next_to(dot, UP))
        self.add(dot, label)
        self.play(dot.animate.shift(RIGHT * 2), run_time=1)
        self.play(dot.animate.shift(UP), run_time=1)
