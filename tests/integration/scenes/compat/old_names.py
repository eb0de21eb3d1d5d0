# Old manim CE and manimgl names (docs/compat.md, second table): one scene per name. A
# "# compat.<code>" comment marks each line that must warn under compat 0.19.
from manim import *


class OldShowCreation(Scene):
    def construct(self):
        self.play(ShowCreation(Square()), run_time=0.2)  # compat.show_creation


class OldTextMobject(Scene):
    def construct(self):
        self.add(TextMobject("Hello"))  # compat.text_mobject
        self.wait(0.2)


class OldTexMobject(Scene):
    def construct(self):
        self.add(TexMobject("x^2"))  # compat.tex_mobject
        self.wait(0.2)


class OldTexText(Scene):
    def construct(self):
        self.add(TexText("Hello"))  # compat.tex_text
        self.wait(0.2)


class OldParametricSurface(Scene):
    def construct(self):
        surface = ParametricSurface(  # compat.parametric_surface
            lambda u, v: np.array([u, v, 0]), u_range=[0, 1], v_range=[0, 1], resolution=4
        )
        self.add(surface)
        self.wait(0.2)


class OldFadeInFrom(Scene):
    def construct(self):
        self.play(FadeInFrom(Square(), LEFT), run_time=0.2)  # compat.fade_in_from


class OldFadeInFromDown(Scene):
    def construct(self):
        self.play(FadeInFromDown(Square()), run_time=0.2)  # compat.fade_in_from_down


class OldFadeOutAndShift(Scene):
    def construct(self):
        self.play(FadeOutAndShift(Square(), RIGHT), run_time=0.2)  # compat.fade_out_and_shift


class OldFadeOutAndShiftDown(Scene):
    def construct(self):
        self.play(FadeOutAndShiftDown(Square()), run_time=0.2)  # compat.fade_out_and_shift_down


class OldFadeInFromLarge(Scene):
    def construct(self):
        self.play(FadeInFromLarge(Square(), scale_factor=2), run_time=0.2)  # compat.fade_in_from_large


class OldFadeInFromPoint(Scene):
    def construct(self):
        self.play(FadeInFromPoint(Square(), UP), run_time=0.2)  # compat.fade_in_from_point


class OldFadeOutToPoint(Scene):
    def construct(self):
        self.play(FadeOutToPoint(Square(), UP), run_time=0.2)  # compat.fade_out_to_point


class OldVFadeIn(Scene):
    def construct(self):
        self.play(VFadeIn(Square()), run_time=0.2)  # compat.v_fade_in


class OldVFadeOut(Scene):
    def construct(self):
        self.play(VFadeOut(Square()), run_time=0.2)  # compat.v_fade_out


class OldShowCreationThenDestruction(Scene):
    def construct(self):
        self.play(ShowCreationThenDestruction(Square()), run_time=0.2)  # compat.show_creation_then_destruction


class OldShowCreationThenFadeOut(Scene):
    def construct(self):
        self.play(ShowCreationThenFadeOut(Square()), run_time=0.2)  # compat.show_creation_then_fade_out


class OldGetGraph(Scene):
    def construct(self):
        axes = Axes(x_range=[-2, 2], y_range=[0, 4])
        self.add(axes, axes.get_graph(lambda x: x**2))  # compat.get_graph
        self.wait(0.2)


class OldGetImplicitCurve(Scene):
    def construct(self):
        axes = Axes(x_range=[-2, 2], y_range=[-2, 2])
        self.add(axes.get_implicit_curve(lambda x, y: x**2 + y**2 - 1))  # compat.get_implicit_curve
        self.wait(0.2)


class OldGetParametricCurve(Scene):
    def construct(self):
        axes = Axes(x_range=[-2, 2], y_range=[-2, 2])
        curve = axes.get_parametric_curve(  # compat.get_parametric_curve
            lambda t: np.array([np.cos(t), np.sin(t)]), t_range=[0, TAU]
        )
        self.add(curve)
        self.wait(0.2)


class OldGetDerivativeGraph(Scene):
    def construct(self):
        axes = Axes(x_range=[-2, 2], y_range=[-4, 4])
        graph = axes.plot(lambda x: x**2)
        self.add(graph, axes.get_derivative_graph(graph))  # compat.get_derivative_graph
        self.wait(0.2)


class OldGetLineGraph(Scene):
    def construct(self):
        axes = Axes(x_range=[0, 3], y_range=[0, 5])
        self.add(axes.get_line_graph([0, 1, 2], [0, 1, 4]))  # compat.get_line_graph
        self.wait(0.2)


class OldAddCoordinateLabels(Scene):
    def construct(self):
        plane = NumberPlane(x_range=[-2, 2], y_range=[-2, 2])
        plane.add_coordinate_labels()  # compat.add_coordinate_labels
        self.add(plane)
        self.wait(0.2)


class OldGetVLine(Scene):
    def construct(self):
        axes = Axes(x_range=[0, 3], y_range=[0, 3])
        self.add(axes.get_v_line(axes.c2p(1, 2)))  # compat.get_v_line
        self.wait(0.2)


class OldGetHLine(Scene):
    def construct(self):
        axes = Axes(x_range=[0, 3], y_range=[0, 3])
        self.add(axes.get_h_line(axes.c2p(1, 2)))  # compat.get_h_line
        self.wait(0.2)


class OldNpMath(Scene):
    def construct(self):
        self.add(Text(str(np.math.factorial(4))))  # compat.np_math
        self.wait(0.2)
