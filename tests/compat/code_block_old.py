from manim import *


class ShowCode(Scene):
    def construct(self):
        code = '''def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)
'''
        rendered = Code(code=code, language="python", style="monokai", font="Monospace",
                        insert_line_no=True, background="window", font_size=20)
        self.play(FadeIn(rendered))
        self.wait(0.3)
