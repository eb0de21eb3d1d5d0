"""Unit tests of the in-sandbox helper's own logic, run in the real runtime's Python.

Run by ctest as: bwrap (runtime as /) python3 THIS_FILE, with the helper at
/manimd/render.py. Covers the scene probe (which classes, in which order), the static
animation count, exception classification and traceback cleaning. Prints one line per
failure and "N passed, M failed"; exits non-zero on any failure.
"""
import ast
import importlib.util
import sys
import types

spec = importlib.util.spec_from_file_location("helper", "/manimd/render.py")
helper = importlib.util.module_from_spec(spec)
spec.loader.exec_module(helper)

# name: (scene source, expected count; None = "cannot tell statically")
CASES = {
    "straight": ("class A(Scene):\n def construct(self):\n  c = Circle()\n  self.add(c)\n"
                 "  self.play(Create(c))\n  self.wait()\n  self.play(FadeOut(c), run_time=2)\n", 3),
    "loop": ("class A(Scene):\n def construct(self):\n  for i in range(3):\n"
             "   self.play(Create(Circle()))\n", None),
    "branch": ("class A(Scene):\n def construct(self):\n  if 1:\n   self.wait()\n", None),
    "helper_method": ("class A(Scene):\n def construct(self):\n  self.intro()\n"
                      " def intro(self):\n  self.play(Create(Circle()))\n", None),
    "self_passed": ("def f(s):\n s.play(Create(Circle()))\nclass A(Scene):\n"
                    " def construct(self):\n  f(self)\n", None),
    "comprehension": ("class A(Scene):\n def construct(self):\n"
                      "  [self.play(Create(Circle())) for _ in range(2)]\n", None),
    "conditional_expr": ("class A(Scene):\n def construct(self):\n"
                         "  self.wait() if 1 else None\n", None),
    "three_d": ("class A(ThreeDScene):\n def construct(self):\n"
                "  self.set_camera_orientation(phi=1)\n  self.play(Create(Cube()))\n", 1),
    "user_base": ("class B(Scene):\n pass\nclass A(B):\n def construct(self):\n"
                  "  self.play(Create(Circle()))\n", None),
    "setup_plays": ("class A(Scene):\n def setup(self):\n  self.wait()\n"
                    " def construct(self):\n  self.wait()\n", None),
    "alias": ("class A(Scene):\n def construct(self):\n  p = self.play\n"
              "  p(Create(Circle()))\n", None),
    "camera_frame": ("class A(MovingCameraScene):\n def construct(self):\n"
                     "  self.play(self.camera.frame.animate.scale(2))\n", 1),
}

results = []


def check(name, got, want):
    results.append(got == want)
    if got != want:
        print(f"FAIL {name}: got {got!r}, want {want!r}")


def load(body):
    source = "from manim import *\n" + body
    module = types.ModuleType("m")
    module.__dict__["__name__"] = "m"
    exec(compile(source, "m.py", "exec"), module.__dict__)
    return ast.parse(source), module


for name, (body, want) in CASES.items():
    tree, module = load(body)
    check("static_count/" + name, helper.static_count(tree, module.A), want)

# The probe: Scene subclasses of this file only, in file order, indirect ones included.
tree, module = load("class Zeta(Scene):\n pass\nclass Helper:\n pass\n"
                    "class Alpha(Zeta):\n pass\nclass Cam(MovingCameraScene):\n pass\n")
names = [c.__name__ for c in helper.find_scenes(module, helper.scene_order(tree))]
check("find_scenes/file_order", names, ["Zeta", "Alpha", "Cam"])


def raised(fn):
    try:
        fn()
    except BaseException as e:  # noqa: BLE001 - the point is to capture anything
        return e


def fork_fails():
    raise BlockingIOError(11, "Resource temporarily unavailable")  # as os.fork() raises


check("classify/memory", helper.classify(MemoryError())[0], "memory_limit")
check("classify/file_size", helper.classify(OSError(27, "File too large"))[0], "output_limit")
check("classify/fork", helper.classify(raised(fork_fails))[0], "process_limit")
check("classify/thread", helper.classify(RuntimeError("can't start new thread"))[0],
      "process_limit")
check("classify/other", helper.classify(KeyError("missing")), ("python_error", "KeyError: 'missing'"))

tb = helper.plain_traceback(raised(lambda: helper.load_module(
    "/nonexistent.py", "user_scene", "x = 1\ny = 1 / 0\n", "scene.py")))
check("traceback/user_line", 'File "scene.py", line 2, in <module>' in tb, True)
check("traceback/source_shown", "y = 1 / 0" in tb, True)
check("traceback/no_helper_frames", "/manimd/render.py" in tb, False)
check("traceback/plain", "\x1b" in tb or "\u2502" in tb, False)

# Where a failure is, for agents: the innermost frame of the scene's own file.
exc = raised(lambda: helper.load_module("/nonexistent.py", "user_scene2",
                                        "def f():\n    return 1 / 0\nx = f()\n", "scene.py"))
check("location/innermost_user_frame", helper.user_location(exc, "scene.py"),
      {"line": 2, "column": 12, "code": "return 1 / 0"})
check("location/none_outside_user_code", helper.user_location(KeyError("x"), "scene.py"), None)

print(f"{sum(results)} passed, {len(results) - sum(results)} failed")
sys.exit(0 if all(results) else 1)
