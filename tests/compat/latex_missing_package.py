from manim import *


class Vectors(Scene):
    def construct(self):
        template = TexTemplate()
        template.add_to_preamble(r"\usepackage{esvect}")
        eq = MathTex(r"\vv{AB} + \vv{BC} = \vv{AC}", tex_template=template)
        self.play(Write(eq))
