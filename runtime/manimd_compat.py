"""manimd's compatibility layer: runs manim 0.19-era scene code on the runtime's manim.

Imported by manimd_render.py inside the sandbox when the job's compat mode is "0.19" (the
default), after manim is imported and before the scene file runs (in the forked child, so
"none" jobs see pristine manim). Each adaptation reports its use through `warn`; the
catalogue with what each keeps or drops of 0.19 is docs/compat.md.
"""

import ast
import functools
import inspect
import math

import numpy as np

import manim
from manim import animation as _anim  # noqa: F401 - makes sure the submodules are loaded

_warn = None


def _say(code, message, line=None):
    _warn("compat." + code, message, line)


def _wrap_init(cls, adapt):
    """Replaces cls.__init__ by one that passes (args, kwargs) through adapt() first."""
    original = cls.__init__

    @functools.wraps(original)
    def __init__(self, *args, **kwargs):
        args, kwargs = adapt(self, args, kwargs)
        original(self, *args, **kwargs)

    cls.__init__ = __init__
    if "_original__init__" in vars(cls):
        cls._original__init__ = __init__  # Animation.set_default builds on this
    return original


def _export(name, value):
    """Makes a name importable by `from manim import *` (manim has no __all__)."""
    setattr(manim, name, value)


# ---- API changes between manim 0.19.0 and the runtime's manim ---------------------------

def _animation_kwargs():
    """#4214: Animation stopped accepting (and ignoring) unknown keyword arguments."""
    from manim.animation.animation import Animation
    accepted = set(inspect.signature(Animation.__init__).parameters) - {"self"}

    def adapt(self, args, kwargs):
        extra = [k for k in kwargs if k not in accepted]
        if not extra:
            return args, kwargs
        for k in extra:
            code = ("draw_border_config" if k in ("draw_border_animation_config",
                                                    "fill_animation_config")
                    else "animation_kwargs")
            _say(code, f"{type(self).__name__}() ignores {k}=: manim 0.19 dropped it silently, "
                 f"manim 0.19.1+ rejects it (set it on the mobject instead)")
        return args, {k: v for k, v in kwargs.items() if k in accepted}

    _wrap_init(Animation, adapt)


def _rotating():
    """#4147: Rotating(mobject, axis=OUT, radians=TAU) became Rotating(mobject, angle, axis)."""
    from manim.animation.rotation import Rotating

    def adapt(self, args, kwargs):
        if "radians" in kwargs:
            _say("rotating_radians", "Rotating(radians=...) is Rotating(angle=...) since manim 0.19.1")
            kwargs["angle"] = kwargs.pop("radians")
        if len(args) >= 2 and np.ndim(args[1]) == 1:  # 0.19's positional axis first
            _say("rotating_axis_positional", "Rotating(mob, axis, radians) is Rotating(mob, "
                 "angle, axis=...) since manim 0.19.1; swapped back")
            rest = list(args[3:])
            kwargs["axis"] = args[1]
            if len(args) >= 3:
                kwargs["angle"] = args[2]
            args = (args[0], *rest)
        return args, kwargs

    _wrap_init(Rotating, adapt)


def _yellow(tree):
    """#4562: YELLOW and YELLOW_C became #F7D96F; 0.19 drew #FFFF00."""
    from manim.utils.color import manim_colors
    for name in ("YELLOW", "YELLOW_C"):
        getattr(manim_colors, name)._internal_value = np.array([1.0, 1.0, 0.0, 1.0])
    for line in _lines_using(tree, {"YELLOW", "YELLOW_C"}, strings={"yellow", "yellow_c"}):
        _say("yellow", "YELLOW is #FFFF00 as in manim 0.19 (manim 0.20+ draws #F7D96F; "
             "PURE_YELLOW is #FFFF00 in both)", line)


def _brace_text():
    """#4309: BraceText's label became Text; 0.19 made it with Tex."""
    from manim.mobject.svg.brace import BraceText
    from manim.mobject.text.tex_mobject import Tex

    def adapt(self, args, kwargs):
        text = args[1] if len(args) > 1 else kwargs.get("text", "")
        if ("label_constructor" not in kwargs and len(args) < 3 and isinstance(text, str)
                and ("$" in text or "\\" in text)):
            _say("brace_text", "BraceText with TeX markup: label made with Tex as in manim 0.19 "
                 "(manim 0.19.1+ uses Text; pass label_constructor=Tex to keep this)")
            kwargs["label_constructor"] = Tex
        return args, kwargs

    _wrap_init(BraceText, adapt)


def _color_gradient():
    """#4380: color_gradient(colors, 0) returns [] now; 0.19 returned the first colour."""
    from manim.utils.color import ManimColor, color_gradient as original

    @functools.wraps(original)
    def color_gradient(reference_colors, length_of_output):
        if length_of_output == 0:
            _say("color_gradient", "color_gradient(..., 0) returns the first colour as in "
                 "manim 0.19 (manim 0.19.1+ returns an empty list)")
            return ManimColor(list(reference_colors)[0])
        return original(reference_colors, length_of_output)

    _export("color_gradient", color_gradient)


def _save_final_image():
    """#4378: SceneFileWriter.save_final_image() was renamed save_image()."""
    from manim.scene.scene_file_writer import SceneFileWriter

    def save_final_image(self, image):
        _say("save_final_image", "save_final_image() is save_image() since manim 0.19.1")
        return self.save_image(image)

    SceneFileWriter.save_final_image = save_final_image


def _line_path_arc():
    """#4223: Line(path_arc=None) is no longer accepted; None meant a straight line."""
    from manim.mobject.geometry.line import Line

    def adapt(self, args, kwargs):
        if "path_arc" in kwargs and kwargs["path_arc"] is None:
            _say("line_path_arc_none", "Line(path_arc=None) is path_arc=0 since manim 0.19.1")
            kwargs["path_arc"] = 0
        return args, kwargs

    _wrap_init(Line, adapt)


def _image_resampling():
    """#4266: lanczos/antialias, box and hamming resampling were removed."""
    from PIL.Image import Resampling

    from manim import constants
    from manim.mobject.types.image_mobject import AbstractImageMobject
    closest = {Resampling.LANCZOS: Resampling.BICUBIC, Resampling.BOX: Resampling.BILINEAR,
               Resampling.HAMMING: Resampling.BILINEAR}
    names = {"lanczos": Resampling.LANCZOS, "antialias": Resampling.LANCZOS,
             "box": Resampling.BOX, "hamming": Resampling.HAMMING}
    for name, value in names.items():
        constants.RESAMPLING_ALGORITHMS.setdefault(name, value)
    original = AbstractImageMobject.set_resampling_algorithm

    def set_resampling_algorithm(self, resampling_algorithm):
        if resampling_algorithm in closest:
            new = closest[resampling_algorithm]
            _say("image_resampling", f"resampling {Resampling(resampling_algorithm).name.lower()} "
                 f"was removed in manim 0.20; using {new.name.lower()}")
            resampling_algorithm = new
        return original(self, resampling_algorithm)

    AbstractImageMobject.set_resampling_algorithm = set_resampling_algorithm


def _lagged_start_map():
    """LaggedStartMap's AnimationClass= keyword became animation_class=."""
    from manim.animation.composition import LaggedStartMap

    def adapt(self, args, kwargs):
        if "AnimationClass" in kwargs:
            _say("lagged_start_map", "LaggedStartMap(AnimationClass=) is animation_class= "
                 "since manim 0.20")
            kwargs["animation_class"] = kwargs.pop("AnimationClass")
        return args, kwargs

    _wrap_init(LaggedStartMap, adapt)


def _typst_math():
    """#4925: TypstMath (never in a release) is MathTypst."""
    from manim.mobject.text.typst_mobject import MathTypst

    class TypstMath(MathTypst):
        def __init__(self, *args, **kwargs):
            _say("typst_math", "TypstMath is MathTypst in manim 0.21")
            super().__init__(*args, **kwargs)

    _export("TypstMath", TypstMath)


def _mathtex():
    """#4515: MathTex parts are the tex strings only and *_by_tex match whole strings; 0.19
    split parts at isolated substrings and matched any part containing the text."""
    from manim.mobject.text.tex_mobject import MathTex, MathTexPart
    from manim.mobject.types.vectorized_mobject import VGroup

    def parts_containing(self, tex, substring=True, case_sensitive=True):
        """0.19's parts whose TeX contains `tex`: an isolated substring's group where the
        part has one that matches, else the whole part."""
        def test(t):
            a, b = (tex, t) if case_sensitive else (tex.lower(), t.lower())
            return a in b if substring else a == b
        found, main, isolated = [], None, []

        def flush():
            if main is not None:
                hits = [self.id_to_vgroup_dict[i] for t, i in isolated if test(t)]
                found.extend(hits or ([main] if test(main.tex_string) else []))
        parts = iter(self.submobjects)
        for t, i in self.matched_strings_and_ids:
            if i in dict(self._substring_matches).values():
                isolated.append((t, i))
            else:
                flush()
                main, isolated = next(parts, None), []
        flush()
        return VGroup(*found)

    def get_parts_by_tex(self, tex, substring=True, case_sensitive=True):
        _say("get_parts_by_tex", "get_parts_by_tex() was removed in manim 0.20; kept with "
             "0.19's meaning (parts containing the text)")
        return parts_containing(self, tex, substring, case_sensitive)

    def index_of_part_by_tex(self, tex, **kwargs):
        _say("get_parts_by_tex", "index_of_part_by_tex() was removed in manim 0.20")
        return self.index_of_part(parts_containing(self, tex, **kwargs)[0])

    def exact(self, tex):
        return any(t == tex for t, _ in self.matched_strings_and_ids)

    def by_substring(name, apply):
        original = getattr(MathTex, name)

        @functools.wraps(original)
        def method(self, tex, *args, **kwargs):
            if exact(self, tex) or not isinstance(tex, str):
                return original(self, tex, *args, **kwargs)
            parts = parts_containing(self, tex, **{k: kwargs.pop(k) for k in
                                                   ("substring", "case_sensitive") if k in kwargs})
            if len(parts):
                _say("tex_substring", f"{name}({tex!r}) matches no whole tex string; applied to "
                     "the parts containing it as manim 0.19 did (0.20+ does nothing)")
            return apply(self, original, parts, tex, *args, **kwargs)
        setattr(MathTex, name, method)

    def color(self, original, parts, tex, color, **kwargs):
        parts.set_color(color)
        return self

    def opacity(self, original, parts, tex, opacity=0.5, remaining_opacity=None, **kwargs):
        if remaining_opacity is not None:
            self.set_opacity(remaining_opacity)
        parts.set_opacity(opacity)
        return self

    def part(self, original, parts, tex, **kwargs):
        return parts[0] if len(parts) else None

    by_substring("set_color_by_tex", color)
    by_substring("set_opacity_by_tex", opacity)
    by_substring("get_part_by_tex", part)
    MathTex.get_parts_by_tex = get_parts_by_tex
    MathTex.index_of_part_by_tex = index_of_part_by_tex

    def get_tex_string(self):
        _say("tex_part_string", "a MathTex part's get_tex_string() is .tex_string since "
             "manim 0.20")
        return self.tex_string
    MathTexPart.get_tex_string = get_tex_string


def _code():
    """Code: 0.18's arguments (code=, style=, insert_line_no=, font=...), which 0.19 renamed,
    and #4816: paragraph_config["color"], which 0.21 ignores."""
    from manim.mobject.text.code_mobject import Code
    renamed = {"code": "code_string", "file_name": "code_file", "style": "formatter_style",
               "insert_line_no": "add_line_numbers", "line_no_from": "line_numbers_from"}
    to_paragraph = {"font": "font", "font_size": "font_size", "line_spacing": "line_spacing"}
    to_background = {"margin": "buff", "background_stroke_width": "stroke_width",
                     "background_stroke_color": "stroke_color", "corner_radius": "corner_radius"}
    dropped = {"generate_html_file", "warn_missing_font", "indentation_chars", "stroke_width",
               "line_no_buff"}

    def adapt(self, args, kwargs):
        for old in [k for k in kwargs if k in renamed or k in to_paragraph or k in to_background
                    or k in dropped]:
            value = kwargs.pop(old)
            if old in renamed:
                kwargs[renamed[old]] = value
                new = f"{renamed[old]}="
            elif old in dropped:
                new = "nothing (dropped)"
            else:
                key = "paragraph_config" if old in to_paragraph else "background_config"
                field = (to_paragraph if old in to_paragraph else to_background)[old]
                kwargs[key] = {field: value, **(kwargs.get(key) or {})}
                new = f"{key}[{field!r}]"
            _say("code_args", f"Code({old}=) is {new} since manim 0.19")
        color = (kwargs.get("paragraph_config") or {}).get("color")
        if color is not None:
            _say("code_paragraph_color", "Code(paragraph_config={'color': ...}) is ignored since "
                 "manim 0.21; kept by deriving the Pygments style as manim 0.19 coloured it")
            kwargs["formatter_style"] = _tinted_style(kwargs.get("formatter_style", "vim"), color)
        return args, kwargs

    _wrap_init(Code, adapt)


def _tinted_style(style, color):
    """A Pygments style like `style` whose plain text and line numbers are `color`."""
    from pygments.styles import get_style_by_name
    from pygments.token import Token

    from manim.utils.color import ManimColor
    base = get_style_by_name(style) if isinstance(style, str) else style
    hex_ = ManimColor(color).to_hex()[:7]
    styles = dict(base.styles)
    for token in (Token, Token.Text):
        styles[token] = " ".join(p for p in (styles.get(token) or "").split()
                                 if not p.startswith("#") and p != "noinherit") + " " + hex_
    return type(base.__name__, (base,), {"styles": styles, "line_number_color": hex_})


# ---- old names with a mechanical equivalent -----------------------------------------------

# Removed or manimgl-only class names: old -> (replacement, where the old name comes from).
# manimd_hints explains them when a job runs without compat.
RENAMED = {
    "ShowCreation": ("Create", "manim CE before 0.7 and manimgl"),
    "TextMobject": ("Tex", "manim CE before 0.7"),
    "TexMobject": ("MathTex", "manim CE before 0.7"),
    "TexText": ("Tex", "manimgl"),
    "ParametricSurface": ("Surface", "manim CE before 0.15"),
    "FadeInFrom": ("FadeIn", "manim CE before 0.8: FadeInFrom(m, d) is FadeIn(m, shift=-d)"),
    "FadeInFromDown": ("FadeIn", "manim CE before 0.8: FadeIn(m, shift=UP)"),
    "FadeOutAndShift": ("FadeOut", "manim CE before 0.8: FadeOut(m, shift=d)"),
    "FadeOutAndShiftDown": ("FadeOut", "manim CE before 0.8: FadeOut(m, shift=DOWN)"),
    "FadeInFromLarge": ("FadeIn", "manim CE before 0.8: FadeIn(m, scale=factor)"),
    "FadeInFromPoint": ("FadeIn", "manim CE before 0.8: FadeIn(m, target_position=p, scale=0)"),
    "FadeOutToPoint": ("FadeOut", "manim CE before 0.8: FadeOut(m, target_position=p)"),
    "VFadeIn": ("FadeIn", "manim CE before 0.8"),
    "VFadeOut": ("FadeOut", "manim CE before 0.8"),
    "ShowCreationThenDestruction": ("ShowPassingFlash", "manim CE before 0.7: "
                                    "ShowPassingFlash(m, time_width=2, run_time=1)"),
}
# (class, old method) -> new method, same arguments.
RENAMED_METHODS = {
    ("CoordinateSystem", "get_graph"): "plot",
    ("CoordinateSystem", "get_implicit_curve"): "plot_implicit_curve",
    ("CoordinateSystem", "get_parametric_curve"): "plot_parametric_curve",
    ("CoordinateSystem", "get_derivative_graph"): "plot_derivative_graph",
    ("CoordinateSystem", "get_line_graph"): "plot_line_graph",
    ("CoordinateSystem", "add_coordinate_labels"): "add_coordinates",
    ("CoordinateSystem", "get_v_line"): "get_vertical_line",
    ("CoordinateSystem", "get_h_line"): "get_horizontal_line",
}


def renamed_message(old):
    new, origin = RENAMED[old]
    return f"{old} is from {origin}; manim CE calls it {new}"


def renamed_method_message(cls, old):
    return (f"{cls}.{old}() is from older manim or manimgl; manim CE calls it "
            f"{RENAMED_METHODS[(cls, old)]}()")

def _old_classes():
    """Classes of manim CE < 0.19 and of manimgl, as subclasses of their replacement that
    translate the arguments the way the removed class did."""
    m = manim
    translate = {  # old name: (new class, adapt(args, kwargs) -> (args, kwargs))
        "FadeInFrom": (m.FadeIn, lambda a, k: _fade_dir(a, k, -1, "shift")),
        "FadeInFromDown": (m.FadeIn, lambda a, k: (a, {"shift": m.UP, **k})),
        "FadeOutAndShift": (m.FadeOut, lambda a, k: _fade_dir(a, k, 1, "shift")),
        "FadeOutAndShiftDown": (m.FadeOut, lambda a, k: (a, {"shift": m.DOWN, **k})),
        "FadeInFromLarge": (m.FadeIn, lambda a, k: (a[:1], {"scale": (a[1:] or [
            k.pop("scale_factor", 2)])[0], **k})),
        "FadeInFromPoint": (m.FadeIn, lambda a, k: (a[:1], {"target_position": (a[1:] or [
            k.pop("point", m.ORIGIN)])[0], "scale": 0, **k})),
        "FadeOutToPoint": (m.FadeOut, lambda a, k: (a[:1], {"target_position": (a[1:] or [
            k.pop("point", m.ORIGIN)])[0], **k})),
        "ShowCreationThenDestruction": (m.ShowPassingFlash, lambda a, k: (
            a, {"time_width": 2.0, "run_time": 1, **k})),
    }
    if not hasattr(manim, "ShowCreationThenFadeOut"):  # removed in 0.19, not a rename
        def then_fade_out(args, kwargs):
            return (m.Create(args[0]), m.FadeOut(args[0])), {"remover": True, **kwargs}
        _export("ShowCreationThenFadeOut", _alias_class(
            "ShowCreationThenFadeOut", m.Succession, then_fade_out,
            "ShowCreationThenFadeOut was removed in manim 0.19; it is "
            "Succession(Create(m), FadeOut(m))"))
    for old, (new, _origin) in RENAMED.items():
        if hasattr(manim, old) or not isinstance(getattr(manim, new, None), type):
            continue
        base, adapt = translate.get(old, (getattr(manim, new), lambda a, k: (a, k)))
        _export(old, _alias_class(old, base, adapt, renamed_message(old)))


def _fade_dir(args, kwargs, sign, key):
    direction = args[1] if len(args) > 1 else kwargs.pop("direction", manim.DOWN)
    return args[:1], {key: sign * np.asarray(direction, dtype=float), **kwargs}


def _alias_class(old, base, adapt, message):
    code = _snake(old)

    def __init__(self, *args, **kwargs):
        _say(code, message)
        args, kwargs = adapt(args, kwargs)
        base.__init__(self, *args, **kwargs)
    return type(base)(old, (base,), {"__init__": __init__, "__module__": base.__module__})


def _snake(name):
    return "".join("_" + c.lower() if c.isupper() and i else c.lower()
                   for i, c in enumerate(name)).replace("__", "_")


def _old_methods():
    """Methods removed from CE or named differently in manimgl, where one call maps to one."""
    for (cls_name, old), new in RENAMED_METHODS.items():
        cls = getattr(manim, cls_name)
        if hasattr(cls, old):
            continue
        message = renamed_method_message(cls_name, old)

        def method(self, *args, _new=new, _code=_snake(old), _message=message, **kwargs):
            _say(_code, _message)
            kwargs.pop("excluding", None)  # manimgl's add_coordinate_labels; CE skips 0 itself
            return getattr(self, _new)(*args, **kwargs)
        setattr(cls, old, method)


class _NumpyMath:
    """What numpy 1.x called np.math: the math module, which numpy 2 removed."""

    def __getattr__(self, name):
        _say("np_math", "np.math was removed in numpy 2; it is Python's math module")
        return getattr(math, name)


def _np_math():
    if not hasattr(np, "math"):
        np.math = _NumpyMath()


def _colors(lines_using):
    """Colour names manim lacks, where the name has exactly one value (pure CSS colours that
    manim itself has as PURE_*)."""
    from manim.utils import color as color_module
    for name, value in (("CYAN", manim.PURE_CYAN), ("MAGENTA", manim.PURE_MAGENTA)):
        if hasattr(manim, name):
            continue
        _export(name, value)
        color_module._all_color_dict.setdefault(name, value)
        for line in lines_using({name}, strings={name.lower()}):
            _say("color_name", f"{name} is not a manim colour; using PURE_{name} "
                 f"({value.to_hex()})", line)


# ---- slips with exactly one meaning ------------------------------------------------------

def _flat_point(value):
    """value as an (x, y) pair of numbers, or None."""
    if isinstance(value, (list, tuple, np.ndarray)) and np.shape(value) == (2,):
        try:
            return [float(v) for v in value]
        except (TypeError, ValueError):
            return None
    return None


def _pad(value):
    """A 2-D point (or an array of them) with z = 0; anything else unchanged."""
    xy = _flat_point(value)
    if xy is not None:
        _say("point_2d", "a 2-D point where manim takes 3-D ones: z = 0 added")
        return np.array([*xy, 0.0])
    if isinstance(value, (list, tuple, np.ndarray)) and len(value) and np.ndim(value) == 2 \
            and np.shape(value)[1] == 2 and not isinstance(value[0], manim.Mobject):
        _say("point_2d", "2-D points where manim takes 3-D ones: z = 0 added")
        return np.hstack([np.asarray(value, dtype=float), np.zeros((len(value), 1))])
    return value


def _points_2d():
    """Dot([1, 2]), Line([0, 0], [1, 1]), move_to([2, 1]): manim's points are 3-D, and numpy
    fails on a 2-D one with "could not broadcast ... (1,2) into ... (1,3)"."""
    m = manim
    where = [  # (class, method, parameters holding a point; "*" = every positional one)
        (m.Dot, "__init__", ("point",)), (m.Line, "__init__", ("start", "end")),
        (m.Arc, "__init__", ("arc_center",)), (m.Vector, "__init__", ("direction",)),
        (m.Polygon, "__init__", ("*",)), (m.Polygram, "__init__", ("*",)),
        (m.Mobject, "move_to", ("point_or_mobject",)), (m.Mobject, "shift", ("*",)),
        (m.Mobject, "next_to", ("mobject_or_point",)),
        (m.VMobject, "set_points_as_corners", ("points",)),
        (m.VMobject, "set_points_smoothly", ("points",)),
        (m.VMobject, "add_points_as_corners", ("points",)),
    ]
    for cls, name, params in where:
        original = vars(cls)[name]
        names = list(inspect.signature(original).parameters)[1:]

        @functools.wraps(original)
        def method(self, *args, _original=original, _names=names, _params=params, **kwargs):
            if "*" in _params:
                args = tuple(_pad(a) for a in args)
            else:
                args = tuple(_pad(a) if i < len(_names) and _names[i] in _params else a
                             for i, a in enumerate(args))
                kwargs = {k: _pad(v) if k in _params else v for k, v in kwargs.items()}
            return _original(self, *args, **kwargs)
        setattr(cls, name, method)


def _fade_positional_shift():
    """manimgl's FadeIn(mobject, shift) and FadeOut(mobject, shift): CE takes the vector as a
    second mobject and fails."""
    for cls in (manim.FadeIn, manim.FadeOut):
        def adapt(self, args, kwargs, _name=cls.__name__):
            if len(args) == 2 and isinstance(args[0], manim.Mobject) and \
                    np.shape(args[1]) in ((2,), (3,)) and "shift" not in kwargs:
                _say("fade_positional_shift", f"{_name}(mobject, vector) is manimgl's; manim CE "
                     f"takes {_name}(mobject, shift=vector)")
                return args[:1], {"shift": np.append(np.asarray(args[1], dtype=float),
                                                     [0.0] * (3 - len(args[1]))), **kwargs}
            return args, kwargs
        _wrap_init(cls, adapt)


def _lines_using(tree, names, strings=()):
    """Lines where the scene file reads one of `names` (not its own) or a string in `strings`."""
    if tree is None:
        return []
    own = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)
           and isinstance(n.ctx, ast.Store) and n.id in names}
    own |= {a.asname or a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)
            and n.module != "manim" for a in n.names}
    lines = {n.lineno for n in ast.walk(tree)
             if isinstance(n, ast.Name) and n.id in names and n.id not in own
             and isinstance(n.ctx, ast.Load)}
    lines |= {n.lineno for n in ast.walk(tree) if isinstance(n, ast.Constant)
              and isinstance(n.value, str) and n.value.lower() in strings}
    return sorted(lines)


def install(warn, tree=None):
    """Applies every adaptation. `warn(code, message, line=None)` reports one being used
    (line None: the caller finds the scene's line from the stack); `tree` is the scene
    file's ast, for the adaptations of plain names, which nothing can see being read."""
    global _warn
    _warn = warn
    for adapt in (_animation_kwargs, _rotating, _brace_text, _color_gradient,
                  _save_final_image, _line_path_arc, _image_resampling, _lagged_start_map,
                  _typst_math, _mathtex, _code, _old_classes, _old_methods, _np_math,
                  _points_2d, _fade_positional_shift):
        adapt()
    _yellow(tree)
    _colors(functools.partial(_lines_using, tree))
