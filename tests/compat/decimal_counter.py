from manim import *


class Counter(Scene):
    def construct(self):
        number = DecimalNumber(0, num_decimal_places=1, font_size=72)
        self.add(number)
        self.play(ChangeDecimalToValue(number, 100), run_time=1)
        self.play(number.animate.set_color(GREEN))
