from manim import *


def helper():
    return Circle()


class NotAScene:
    pass
