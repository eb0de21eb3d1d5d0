from manim import *


class ColoredWords(Scene):
    def construct(self):
        text = Text("Red green blue", t2c={"Red": RED, "green": GREEN, "blue": BLUE})
        self.play(AddTextLetterByLetter(text), run_time=1)
        self.play(text.animate.scale(1.5))
        self.wait(0.3)
