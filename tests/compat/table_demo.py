from manim import *


class TruthTable(Scene):
    def construct(self):
        table = MathTable(
            [["0", "0", "0"], ["0", "1", "1"], ["1", "0", "1"], ["1", "1", "1"]],
            col_labels=[MathTex("A"), MathTex("B"), MathTex("A \\lor B")],
            include_outer_lines=True,
        ).scale(0.6)
        self.play(Create(table), run_time=1)
        self.play(table.get_rows()[2].animate.set_color(YELLOW))
        self.wait(0.3)
