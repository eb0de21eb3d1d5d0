from manim import *


class CodeColor(Scene):
    def construct(self):
        code = Code(
            code_string="print('hello')\nx = 1 + 2\n",
            language="python",
            formatter_style="monokai",
            paragraph_config={"color": WHITE, "font_size": 28},
        )
        self.play(Write(code))
        self.wait(0.3)
