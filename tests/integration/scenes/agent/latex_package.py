# A LaTeX package the runtime does not have (esvect, in texlive-fonts-extra only).
from manim import *


class MissingPackage(Scene):
    def construct(self):
        template = TexTemplate()
        template.add_to_preamble(r"\usepackage{esvect}")
        formula = MathTex(r"\vv{AB} + \vv{BC}", tex_template=template)
        self.play(Write(formula))
