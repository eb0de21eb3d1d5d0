# manim 0.19 code hit by API changes up to 0.21 (docs/compat.md, first table): one scene per
# adaptation. A "# compat.<code>" comment marks each line that must warn under compat 0.19;
# compat_render_test.cc reads the markers.
from manim import *


class AnimationKwargs(Scene):
    def construct(self):
        square = Square()
        self.play(Create(square, color=RED), run_time=0.2)  # compat.animation_kwargs


class DrawBorderConfig(Scene):
    def construct(self):
        square = Square(fill_opacity=0.5)
        self.play(
            DrawBorderThenFill(square, draw_border_animation_config={"rate_func": linear}),  # compat.draw_border_config
            run_time=0.2,
        )


class RotatingRadians(Scene):
    def construct(self):
        square = Square()
        self.play(Rotating(square, radians=PI / 2, run_time=0.2))  # compat.rotating_radians


class RotatingAxisPositional(Scene):
    def construct(self):
        square = Square()
        self.play(Rotating(square, OUT, PI / 2, run_time=0.2))  # compat.rotating_axis_positional


class BraceTeX(Scene):
    def construct(self):
        square = Square()
        brace = BraceText(square, r"$\frac{x}{2}$")  # compat.brace_text
        self.add(square, brace)
        self.wait(0.2)


class GradientOfNone(Scene):
    def construct(self):
        edge = color_gradient([RED, ORANGE], 0).darker()  # compat.color_gradient
        self.play(Create(Square(color=edge)), run_time=0.2)


class SaveFinalImage(Scene):
    def construct(self):
        self.play(GrowFromCenter(Circle(fill_opacity=1)), run_time=0.2)
        self.renderer.file_writer.save_final_image(self.camera.get_image())  # compat.save_final_image


class LinePathArcNone(Scene):
    def construct(self):
        line = Line(LEFT * 2, RIGHT * 2, path_arc=None)  # compat.line_path_arc_none
        self.play(Create(line), run_time=0.2)


class Lanczos(Scene):
    def construct(self):
        image = ImageMobject(np.uint8([[0, 100, 30, 200], [255, 0, 5, 33]]))
        image.set_resampling_algorithm(RESAMPLING_ALGORITHMS["lanczos"])  # compat.image_resampling
        self.add(image)
        self.wait(0.2)


class LaggedAnimationClass(Scene):
    def construct(self):
        dots = VGroup(Dot(), Dot(), Dot()).arrange(RIGHT)
        self.play(LaggedStartMap(AnimationClass=FadeIn, mobject=dots, run_time=0.2))  # compat.lagged_start_map


class TypstFormula(Scene):
    def construct(self):
        formula = TypstMath("x^2")  # compat.typst_math
        self.add(formula)
        self.wait(0.2)


class PartsByTex(Scene):
    def construct(self):
        eq = MathTex("x^2", "+", "2x")
        eq.get_parts_by_tex("x").set_color(RED)  # compat.get_parts_by_tex
        plus = eq.index_of_part_by_tex("+")  # compat.get_parts_by_tex
        self.add(eq, Text(str(plus)).to_edge(UP))
        self.wait(0.2)


class TexSubstring(Scene):
    def construct(self):
        eq = MathTex("E", "=", "mc^2")
        eq.get_part_by_tex("c").set_color(BLUE)  # compat.tex_substring
        eq.set_opacity_by_tex("m", 0.5)  # compat.tex_substring
        self.add(eq)
        self.wait(0.2)


class TexPartString(Scene):
    def construct(self):
        eq = MathTex("E", "=", "mc^2")
        label = Text(eq[2].get_tex_string()).to_edge(UP)  # compat.tex_part_string
        self.add(eq, label)
        self.wait(0.2)


class CodeParagraphColor(Scene):
    def construct(self):
        code = Code(  # compat.code_paragraph_color (the line where the call starts)
            code_string="x = 1  # one\n",
            language="python",
            paragraph_config={"color": RED},
        )
        self.add(code)
        self.wait(0.2)


class CodeOldArguments(Scene):
    def construct(self):
        code = Code(code="x = 1\n", language="python", style="monokai", insert_line_no=False)  # compat.code_args
        self.add(code)
        self.wait(0.2)
