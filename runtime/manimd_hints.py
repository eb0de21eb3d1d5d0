"""manimd's error explanations: turns a scene's failure into something an agent can act on.

Imported by manimd_render.py inside the sandbox when a job fails. explain() re-kinds LaTeX
failures as latex_error with TeX's own error line, and adds a hint where the fix is known:
a renamed or removed API, the closest existing name, the keywords a class takes.
"""

import builtins
import difflib
import inspect
import re

import manimd_compat

# Names with no mechanical replacement: what to write instead.
REMOVED = {
    "GraphScene": "GraphScene was removed in manim CE 0.10: use a Scene with "
                  "axes = Axes(...) and axes.plot(f)",
    "CircleIndicate": "CircleIndicate was removed: use Circumscribe(mobject, Circle)",
    "ShowCreationThenFadeAround": "removed: use Circumscribe(mobject, fade_out=True)",
    "ShowPassingFlashAround": "removed: use Circumscribe(mobject, time_width=...)",
    "WiggleOutThenIn": "WiggleOutThenIn was removed: use Wiggle",
    "ContinualAnimation": "ContinualAnimation is from old manim: use mobject.add_updater(f)",
    "CONFIG": "CONFIG dicts are from old manim: pass the values as arguments",
    "TypstMath": "TypstMath is MathTypst in manim 0.21 (which needs the typst package the "
                 "runtime does not have: use MathTex)",
    "get_parts_by_tex": "get_parts_by_tex() was removed in manim 0.20: use get_part_by_tex() "
                        "with a whole tex string, or isolate it (substrings_to_isolate=[...])",
    "index_of_part_by_tex": "index_of_part_by_tex() was removed in manim 0.20: use "
                            "index_of_part(get_part_by_tex(...))",
    "save_final_image": "save_final_image() is save_image() since manim 0.19.1",
    "ShowCreationThenFadeOut": "ShowCreationThenFadeOut was removed in manim 0.19: use "
                               "Succession(Create(m), FadeOut(m))",
    "get_vertical_line_to_graph": "removed with GraphScene: use "
                                  "axes.get_vertical_line(axes.i2gp(x, graph))",
}
# Of those, the ones compat 0.19 keeps working.
ADAPTED = {"TypstMath", "get_parts_by_tex", "index_of_part_by_tex", "save_final_image",
           "ShowCreationThenFadeOut"}
# Keywords that were renamed: (class, old keyword) -> new keyword.
RENAMED_KEYWORDS = {
    ("Rotating", "radians"): "angle", ("LaggedStartMap", "AnimationClass"): "animation_class",
    ("Code", "code"): "code_string", ("Code", "file_name"): "code_file",
    ("Code", "style"): "formatter_style", ("Code", "insert_line_no"): "add_line_numbers",
}
COLORS = {"CYAN": "PURE_CYAN", "MAGENTA": "PURE_MAGENTA"}
RUN_COMPAT = "run with compat 0.19 or "


MAX_SCAN = 2000  # characters of a message or source line the patterns look at


def explain(exc, kind, message, location, module, compat):
    """(kind, message, location, hint) for a python_error."""
    latex = latex_failure(exc)
    if latex:
        return ("latex_error",) + latex[:1] + (location,) + latex[1:]
    return kind, message, location, hint(exc, location, module, compat)


def hint(exc, location, module, compat):
    """What to do about `exc`, or None where nothing specific is known."""
    # Patterns below start with \w+ or hold .*: on a scene's megabyte message or line they
    # would backtrack for minutes. What they look for is always near the start.
    code = (location or {}).get("code", "")[:MAX_SCAN]
    via = RUN_COMPAT if compat == "none" else ""
    if isinstance(exc, NameError) and getattr(exc, "name", None):
        return name_hint(exc.name, module, via)
    if isinstance(exc, AttributeError):
        obj, name = _missing_attribute(exc)
        if name == "math" and getattr(obj, "__name__", "") == "numpy":
            return f"np.math was removed in numpy 2: {via}import math and use math.<function>"
        if name:
            return attribute_hint(obj, name, via) or renamed_in(code, via)
    text = str(exc)[:MAX_SCAN]
    m = re.search(r"(\w+)\.__init__\(\) got an unexpected keyword argument '(\w+)'", text)
    if isinstance(exc, TypeError) and m:
        return keyword_hint(m.group(1), m.group(2), code, module, via)
    if isinstance(exc, ValueError) and "broadcast" in text and re.search(r"\b2,?\)", text) \
            and re.search(r"\b3,?\)", text):
        return ("a 2-D point where manim wants 3-D ones: write [x, y, 0]"
                + (" (compat 0.19 pads them)" if compat == "none" else ""))
    if isinstance(exc, TypeError) and "Only values of type VMobject" in text:
        return "VGroup holds vector mobjects only: use Group to mix in ImageMobject and others"
    if isinstance(exc, TypeError) and re.search(r"Only values of type Mobject .* value \[", text) \
            and re.search(r"Fade(In|Out)\(", code):
        return (f"FadeIn(mobject, UP) is manimgl's: {via}write FadeIn(mobject, shift=UP)")
    if isinstance(exc, KeyError) and exc.args and exc.args[0] in ("lanczos", "antialias", "box",
                                                                  "hamming"):
        return (f"resampling {exc.args[0]!r} was removed in manim 0.20: {via}use 'bicubic' "
                "(or 'bilinear', 'nearest')")
    if isinstance(exc, TypeError):
        for (cls, old), new in RENAMED_KEYWORDS.items():
            if re.search(rf"\b{cls}\(.*\b{old}\s*=", code):
                return f"{cls}({old}=) is {new}= now: {via}rename it"
    if isinstance(exc, ModuleNotFoundError) and exc.name == "typst":
        return ("Typst and MathTypst need the typst package, which the runtime does not "
                "have: use Tex and MathTex")
    return renamed_in(code, via)


def name_hint(name, module, via):
    if name in manimd_compat.RENAMED:
        new, origin = manimd_compat.RENAMED[name]
        return f"{name} is from {origin}: {via}use {new}"
    if name in REMOVED:
        return REMOVED[name] + (" (compat 0.19 adapts it)" if via and name in ADAPTED else "")
    if name in COLORS:
        return f"{name} is not a manim colour: {via}use {COLORS[name]}"
    names = set(dir(builtins)) | set(vars(module) if module else ()) | _manim_names()
    return closest(name, names)


def attribute_hint(obj, name, via):
    for klass in type(obj).__mro__:
        new = manimd_compat.RENAMED_METHODS.get((klass.__name__, name))
        if new:
            return f"{name}() is from older manim or manimgl: {via}use {new}()"
    if name in REMOVED:
        return REMOVED[name] + (" (compat 0.19 adapts it)" if via and name in ADAPTED else "")
    return closest(name, set(dir(type(obj))) | set(getattr(obj, "__dict__", ())))


def _missing_attribute(exc):
    """(object, attribute) of an AttributeError, also when a __getattr__ (manim's Mobject
    has one) raised it without them."""
    if getattr(exc, "name", None):
        return exc.obj, exc.name
    m = re.search(r"has no attribute '(\w+)'", str(exc))
    tb, obj = exc.__traceback__, None
    while tb is not None:
        if tb.tb_frame.f_code.co_name == "__getattr__":
            obj = tb.tb_frame.f_locals.get("self")
        tb = tb.tb_next
    return (obj, m.group(1)) if m and obj is not None else (None, None)


def keyword_hint(owner, keyword, code, module, via):
    """For `Owner.__init__() got an unexpected keyword argument`: what it takes instead."""
    called = _called_class(code, keyword) or owner
    for cls in (called, owner):
        if (cls, keyword) in RENAMED_KEYWORDS:
            return f"{cls}({keyword}=) is {RENAMED_KEYWORDS[cls, keyword]}= now: {via}rename it"
    klass = _manim_names(classes=True).get(called) or _manim_names(classes=True).get(owner)
    if owner == "Animation" and klass is not None:
        return (f"{called}() takes no {keyword}=: manim 0.19 ignored unknown keywords of "
                f"animations, 0.19.1+ rejects them. Set it on the mobject instead "
                f"(e.g. mobject.set_color(...)), or {via or 'remove it'}".rstrip(", or "))
    if klass is None:
        return None
    own, style = keywords(klass)
    near = [t for t in sorted(own | style) if t.startswith(keyword) or keyword in t] or \
        difflib.get_close_matches(keyword, own | style, n=1, cutoff=0.6)
    lead = f"did you mean {near[0]}=? " if near else ""
    tail = f" and {', '.join(sorted(style))[:400]}" if style else ""
    return f"{lead}{klass.__name__}() takes {', '.join(sorted(own))}{tail}"


def keywords(klass):
    """The keyword arguments a class takes: its __init__'s, and its bases' while each
    passes **kwargs on; as (its own, the generic ones of Mobject/VMobject/Animation)."""
    takes, generic = set(), set()
    for k in klass.__mro__:
        init = vars(k).get("__init__")
        if init is None:
            continue
        try:
            params = inspect.signature(init).parameters.values()
        except (TypeError, ValueError):
            break
        names = {p.name for p in params if p.name != "self" and p.kind in
                 (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY) and not p.name.startswith("_")}
        if k.__name__ in ("Mobject", "VMobject", "OpenGLMobject", "OpenGLVMobject", "Animation"):
            generic |= names
        else:
            takes |= names
        if not any(p.kind == p.VAR_KEYWORD for p in params):
            break
    return takes, generic - takes


def renamed_in(code, via):
    """A rename hint for an old name the failing line uses, whatever the error said."""
    for word in re.findall(r"[A-Za-z_]\w*", code):
        if word in manimd_compat.RENAMED:
            return name_hint(word, None, via)
        if word in REMOVED:
            return REMOVED[word]
        for (cls, old), new in manimd_compat.RENAMED_METHODS.items():
            if word == old:
                return f"{old}() is from older manim or manimgl: {via}use {new}()"
    return None


def closest(name, names):
    near = difflib.get_close_matches(name, [n for n in names if not n.startswith("__")], n=3,
                                     cutoff=0.7)
    return f"did you mean {' or '.join(near)}?" if near else None


def _called_class(code, keyword):
    """The manim class whose call on the failing line passes `keyword=` itself."""
    classes = _manim_names(classes=True)
    for m in re.finditer(r"([A-Z]\w*)\s*\(", code):
        depth, i = 0, m.end()
        while i < len(code) and depth >= 0:
            if code[i] in "([{":
                depth += 1
            elif code[i] in ")]}":
                depth -= 1
            elif depth == 0 and not (code[i - 1].isalnum() or code[i - 1] == "_") and \
                    re.match(rf"{keyword}\s*=(?!=)", code[i:]):
                if m.group(1) in classes:
                    return m.group(1)
            i += 1
    return None


def _manim_names(classes=False):
    import manim
    if classes:
        return {k: v for k, v in vars(manim).items() if isinstance(v, type)}
    return {k for k in vars(manim) if not k.startswith("_")}


# ---- LaTeX --------------------------------------------------------------------------------

_SPECIAL = re.compile(r"\\special\{dvisvgm:raw [^}]*\}")


def latex_failure(exc):
    """(message, hint) when `exc` is manim's LaTeX compile failure, else None."""
    text = str(exc)[:MAX_SCAN]
    if not isinstance(exc, ValueError) or " error converting to " not in text:
        return None
    m = re.search(r"(\w+) error converting to \w+\..* the log file: (\S+)", text)
    if not m:
        return None
    expression = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_name == "tex_to_svg_file":
            expression = tb.tb_frame.f_locals.get("expression")
        tb = tb.tb_next
    try:
        with open(m.group(2), encoding="utf-8", errors="replace") as f:
            log = f.read()
    except OSError:
        log = ""
    error, quoted = tex_error(log)
    tex = _SPECIAL.sub("", expression).strip() if expression else None
    # The TeX as the scene wrote it (repr would double every backslash).
    parts = [f"LaTeX ({m.group(1)}) failed" + (f" on '{tex}'" if tex else "")]
    parts += [p for p in (error, quoted) if p]
    return ": ".join(parts[:1]) + ("\n" + "\n".join(parts[1:]) if parts[1:] else ""), \
        tex_hint(error, log)


def tex_error(log):
    """LaTeX's first error line ("! ...") and the "l.N ..." source line it quotes."""
    lines = log.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("! "):
            quoted = next((x.rstrip() for x in lines[i + 1:i + 40] if re.match(r"l\.\d+ ", x)),
                          None)
            return line.strip(), quoted
    return None, None


def tex_hint(error, log):
    m = re.search(r"File `([^']+\.sty)' not found", log)
    if m:
        return (f"{m.group(1)} is not installed in manimd's runtime (its LaTeX has "
                "texlive-latex-base/-extra, -fonts-recommended and -science): drop that "
                "\\usepackage and what needs it")
    if error and "Undefined control sequence" in error:
        return ("a command LaTeX does not know: check its spelling, or load the package "
                "that defines it with a TexTemplate (add_to_preamble)")
    if error and "Missing $ inserted" in error:
        return "math outside math mode: use MathTex for formulas, or $...$ inside Tex"
    return None
