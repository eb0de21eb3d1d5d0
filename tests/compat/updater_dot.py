from manim import *


class TrackerDemo(Scene):
    def construct(self):
        tracker = ValueTracker(0)
        dot = Dot(color=RED)
        number = DecimalNumber(0, num_decimal_places=2).next_to(dot, UP)
        dot.add_updater(lambda d: d.set_x(tracker.get_value()))
        number.add_updater(lambda n: n.set_value(tracker.get_value()).next_to(dot, UP))
        self.add(dot, number)
        self.play(tracker.animate.set_value(3), run_time=1)
        self.play(tracker.animate.set_value(-2), run_time=1)
        self.wait(0.3)
