"""Unit tests of the compatibility layer and the error hints, in the real runtime's Python.

Run by ctest as: bwrap (runtime as /) python3 THIS_FILE, with runtime/manimd_compat.py and
runtime/manimd_hints.py under /manimd. Builds mobjects and animations without rendering.
Prints one line per failure and "N passed, M failed"; exits non-zero on any failure.
"""
import ast
import sys

sys.path.insert(0, "/manimd")
import numpy as np  # noqa: E402

import manim  # noqa: E402
from manim import *  # noqa: E402,F403
import manimd_hints  # noqa: E402  (before install: hints must not need the layer)

PRISTINE_YELLOW = manim.YELLOW.to_hex()
results = []
warned = []


def check(name, got, want):
    results.append(got == want)
    if got != want:
        print(f"FAIL {name}: got {got!r}, want {want!r}")


def raised(fn):
    try:
        fn()
    except BaseException as e:  # noqa: BLE001 - the point is to capture anything
        return e


def hint_for(source, compat="none"):
    """Runs `source`, returns (hint, location) of what it raised, as the helper would."""
    module = {"__name__": "scene"}
    exec("from manim import *\n", module)
    exc = raised(lambda: exec(compile(source, "scene.py", "exec"), module))
    import traceback
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == "scene.py"]
    location = {"line": frames[-1].lineno, "code": source.splitlines()[frames[-1].lineno - 1]}
    return manimd_hints.hint(exc, location, type("M", (), {})(), compat)


# ---- hints, on pristine manim (compat "none") --------------------------------------------
check("hint/renamed_class", hint_for("ShowCreation(Circle())"),
      "ShowCreation is from manim CE before 0.7 and manimgl: run with compat 0.19 or use Create")
check("hint/closest_name", hint_for("Cirle()"), "did you mean Circle?")
check("hint/colour", hint_for("Circle(color=CYAN)"),
      "CYAN is not a manim colour: run with compat 0.19 or use PURE_CYAN")
check("hint/method_renamed", hint_for("NumberPlane().add_coordinate_labels()"),
      "add_coordinate_labels() is from older manim or manimgl: run with compat 0.19 or use "
      "add_coordinates()")
check("hint/getter_trap", "plot()" in (hint_for("Axes().get_graph(lambda x: x)") or ""), True)
check("hint/closest_attribute", hint_for("Square().rotate_by(1)"), "did you mean rotate?")
check("hint/animation_keyword",
      (hint_for("Create(Circle(), color=RED)") or "").startswith("Create() takes no color=:"),
      True)
check("hint/renamed_keyword", hint_for("Rotating(Square(), radians=1)"),
      "Rotating(radians=) is angle= now: run with compat 0.19 or rename it")
check("hint/class_keywords", (hint_for("Square(side=2)") or "").startswith(
      "did you mean side_length=? Square() takes"), True)
check("hint/point_2d", hint_for("Dot([1, 2])"),
      "a 2-D point where manim wants 3-D ones: write [x, y, 0] (compat 0.19 pads them)")
check("hint/np_math", hint_for("np.math.factorial(3)"),
      "np.math was removed in numpy 2: run with compat 0.19 or import math and use "
      "math.<function>")
check("hint/vgroup", hint_for("VGroup(ImageMobject(np.zeros((2, 2))))"),
      "VGroup holds vector mobjects only: use Group to mix in ImageMobject and others")
check("hint/no_compat_suggestion_under_compat",
      hint_for("GraphScene", compat="0.19").startswith("GraphScene was removed"), True)
check("hint/unknown", hint_for("raise RuntimeError('x')"), None)
check("keywords/mro", {"side_length", "width"} <= manimd_hints.keywords(Square)[0], True)

LOG = r"""This is pdfTeX
! Undefined control sequence.
l.9 \frac{a}{b} = \badcommand
                             {c}
"""
check("tex/error_line", manimd_hints.tex_error(LOG),
      ("! Undefined control sequence.", r"l.9 \frac{a}{b} = \badcommand"))
check("tex/missing_sty", manimd_hints.tex_hint(
      "! LaTeX Error: File `frcursive.sty' not found.",
      "! LaTeX Error: File `frcursive.sty' not found.\n").startswith(
      "frcursive.sty is not installed in manimd's runtime"), True)
check("tex/not_latex", manimd_hints.latex_failure(ValueError("something else")), None)

# ---- the layer: nothing changes before install ------------------------------------------
check("pristine/no_show_creation", hasattr(manim, "ShowCreation"), False)
check("pristine/animation_rejects", isinstance(raised(lambda: Create(Circle(), color=RED)),
                                               TypeError), True)

import manimd_compat  # noqa: E402

SOURCE = "from manim import *\nc = Circle(color=YELLOW)\nd = Dot(color=CYAN)\n"
manimd_compat.install(lambda code, message, line=None: warned.append((code, line)),
                      ast.parse(SOURCE))
from manim import *  # noqa: E402,F403,F811 - again, for the names the layer added


def warns(code, fn):
    """fn()'s result, and whether it warned `code`."""
    del warned[:]
    value = fn()
    return value, any(c == code for c, _ in warned)


check("yellow/value", manim.YELLOW.to_hex(), "#FFFF00")
check("yellow/was_new", PRISTINE_YELLOW, "#F7D96F")
check("yellow/warned_at_use", ("compat.yellow", 2) in warned, True)
check("color_name/cyan", manim.CYAN.to_hex(), "#00FFFF")
check("color_name/warned_at_use", ("compat.color_name", 3) in warned, True)

_, w = warns("compat.animation_kwargs", lambda: Create(Circle(), color=RED))
check("animation_kwargs/dropped_and_warned", w, True)
_, w = warns("compat.animation_kwargs", lambda: Create(Circle(), run_time=2))
check("animation_kwargs/known_not_warned", w, False)
anim, w = warns("compat.draw_border_config", lambda: DrawBorderThenFill(
    Square(), draw_border_animation_config={}, run_time=3))
check("draw_border_config", (w, anim.run_time), (True, 3))

anim, w = warns("compat.rotating_radians", lambda: Rotating(Square(), radians=1.5))
check("rotating/radians", (w, anim.angle), (True, 1.5))
anim, w = warns("compat.rotating_axis_positional", lambda: Rotating(Square(), UP, 2.0))
check("rotating/positional_axis", (w, anim.angle, list(anim.axis)), (True, 2.0, [0, 1, 0]))
anim, w = warns("compat.rotating_axis_positional", lambda: Rotating(Square(), 2.0))
check("rotating/new_form_untouched", (w, anim.angle), (False, 2.0))

line, w = warns("compat.line_path_arc_none", lambda: Line(LEFT, RIGHT, path_arc=None))
check("line_path_arc_none", (w, line.path_arc), (True, 0))
g, w = warns("compat.color_gradient", lambda: manim.color_gradient([RED, BLUE], 0))
check("color_gradient/zero", (w, g.to_hex()), (True, RED.to_hex()))
check("color_gradient/normal", len(manim.color_gradient([RED, BLUE], 3)), 3)

dot, w = warns("compat.point_2d", lambda: Dot([1, 2]))
check("point_2d/dot", (w, list(dot.get_center())), (True, [1, 2, 0]))
line, _ = warns("compat.point_2d", lambda: Line([0, 0], [1, 1]))
check("point_2d/line", list(line.get_end()), [1, 1, 0])
poly, _ = warns("compat.point_2d", lambda: Polygon([0, 0], [2, 0], [0, 2]))
check("point_2d/polygon", [list(v) for v in poly.get_vertices()],
      [[0, 0, 0], [2, 0, 0], [0, 2, 0]])
sq, w = warns("compat.point_2d", lambda: Square().move_to([2, 1]))
check("point_2d/move_to", (w, list(sq.get_center())), (True, [2, 1, 0]))
_, w = warns("compat.point_2d", lambda: Dot([1, 2, 3]))
check("point_2d/3d_untouched", w, False)

anim, w = warns("compat.fade_positional_shift", lambda: FadeIn(Square(), UP))
check("fade_positional_shift", (w, list(anim.shift_vector)), (True, [0, 1, 0]))
anim, w = warns("compat.fade_in_from", lambda: FadeInFrom(Square(), LEFT))
check("fade_in_from/direction", (w, list(anim.shift_vector)), (True, [1, 0, 0]))
anim, w = warns("compat.show_creation", lambda: ShowCreation(Circle()))
check("show_creation", (w, isinstance(anim, Create)), (True, True))
mob, w = warns("compat.text_mobject", lambda: TextMobject("hi"))
check("text_mobject", (w, isinstance(mob, Tex)), (True, True))
graph, w = warns("compat.get_graph", lambda: Axes().get_graph(lambda x: x))
check("get_graph", (w, isinstance(graph, ParametricFunction)), (True, True))
value, w = warns("compat.np_math", lambda: np.math.factorial(4))
check("np_math", (w, value), (True, 24))
anim, w = warns("compat.lagged_start_map", lambda: LaggedStartMap(
    AnimationClass=FadeIn, mobject=VGroup(Square(), Circle())))
check("lagged_start_map", w, True)

eq = MathTex("f(x)", "=", "x^2", "+", "2x")
parts, w = warns("compat.get_parts_by_tex", lambda: eq.get_parts_by_tex("x"))
check("mathtex/get_parts_by_tex", (w, [p.tex_string for p in parts]), (True, ["f(x)", "x^2",
                                                                             "2x"]))
eq2 = MathTex("E", "=", "mc^2")
_, w = warns("compat.tex_substring", lambda: eq2.set_color_by_tex("c", BLUE))
check("mathtex/substring_colour", (w, eq2[2][0].get_color().to_hex(),
                                   eq2[0][0].get_color().to_hex()),
      (True, BLUE.to_hex(), WHITE.to_hex()))
_, w = warns("compat.tex_substring", lambda: eq2.set_color_by_tex("E", RED))
check("mathtex/exact_is_0.21", (w, eq2[0][0].get_color().to_hex()), (False, RED.to_hex()))
check("mathtex/part_tex_string", eq2[2].get_tex_string(), "mc^2")

code, w = warns("compat.code_args", lambda: Code(code="x = 1\n", language="python",
                                                 insert_line_no=False, style="monokai"))
check("code/old_args", (w, len(code.submobjects) > 0), (True, True))
_, w = warns("compat.code_paragraph_color", lambda: Code(
    code_string="x = 1\n", language="python", paragraph_config={"color": RED}))
check("code/paragraph_color", w, True)

print(f"{sum(results)} passed, {len(results) - sum(results)} failed")
sys.exit(0 if all(results) else 1)
