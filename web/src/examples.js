// The example scenes in the page's dropdown: one per kind of thing people render, and one
// that fails on purpose so the error display can be seen. The browser test renders
// "shapes" and "broken" and relies on their names.
export const EXAMPLES = [
  {
    id: "shapes",
    title: "Shapes: create, transform, rotate",
    code: `from manim import *


class Shapes(Scene):
    def construct(self):
        circle = Circle(color=BLUE, fill_opacity=0.5)
        square = Square(color=GREEN, fill_opacity=0.5)
        self.play(Create(circle))
        self.play(Transform(circle, square))
        self.play(circle.animate.rotate(PI / 4).scale(1.5))
        self.play(FadeOut(circle))
`,
  },
  {
    id: "equation",
    title: "Equation: MathTex (LaTeX)",
    code: `from manim import *


class Equation(Scene):
    def construct(self):
        title = Text("Euler's identity").to_edge(UP)
        euler = MathTex(r"e^{i\\pi} + 1 = 0", font_size=96)
        self.play(Write(title))
        self.play(Write(euler))
        self.play(Circumscribe(euler, color=GOLD))
        self.wait()
`,
  },
  {
    id: "graph",
    title: "Graph: functions on axes",
    code: `from manim import *


class SineAndCosine(Scene):
    def construct(self):
        axes = Axes(x_range=[-PI, PI, PI / 2], y_range=[-1.5, 1.5, 0.5], tips=False)
        labels = axes.get_axis_labels(x_label="x", y_label="y")
        sine = axes.plot(np.sin, color=GOLD)
        cosine = axes.plot(np.cos, color=TEAL)
        self.play(Create(axes), Write(labels))
        self.play(Create(sine), Create(cosine), run_time=2)
        dot = Dot(axes.i2gp(-PI, sine), color=RED)
        self.play(FadeIn(dot))
        self.play(MoveAlongPath(dot, sine), run_time=2)
`,
  },
  {
    id: "surface",
    title: "3D: a surface and a turning camera",
    code: `from manim import *


class Wave3D(ThreeDScene):
    def construct(self):
        axes = ThreeDAxes(x_range=[-3, 3], y_range=[-3, 3], z_range=[-1, 1])
        surface = Surface(
            lambda u, v: axes.c2p(u, v, np.sin(u) * np.cos(v)),
            u_range=[-3, 3],
            v_range=[-3, 3],
            resolution=(16, 16),
        )
        surface.set_fill_by_checkerboard(BLUE_D, BLUE_E, opacity=0.8)
        self.set_camera_orientation(phi=65 * DEGREES, theta=-45 * DEGREES)
        self.play(Create(axes), Create(surface))
        self.begin_ambient_camera_rotation(rate=0.5)
        self.wait(3)
`,
  },
  {
    id: "broken",
    title: "Fails on purpose: error, hint, warning",
    code: `from manim import *


class Broken(Scene):
    """Fails on purpose, to show how an error, its hint and a warning look."""

    def construct(self):
        title = Text("Almost there")
        self.play(ShowCreation(title))  # manim 0.19-era name: adapted, with a warning
        circle = Circle(radius=2, colour=RED)  # the keyword is color
        self.play(Create(circle))
`,
  },
];
