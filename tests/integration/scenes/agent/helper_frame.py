# The failure is inside manim, called from a helper in the scene's own file: the location
# is the helper's line (the innermost frame of this file), not construct()'s or manim's.
from manim import *


def labelled(text, colour):
    label = Text(text, color=colour)
    return label.to_edge(UP)


class Helper(Scene):
    def construct(self):
        title = labelled("Intro", "no-such-colour")
        self.play(Write(title))
