"""Unit test of the helper's static animation count, run inside the real runtime.

Run by ctest as: bwrap (runtime as /) python3 THIS_FILE, with the helper at
/manimd/render.py. Exits non-zero and names the case when a count is wrong.
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

failures = 0
for name, (body, want) in CASES.items():
    source = "from manim import *\n" + body
    module = types.ModuleType("m")
    exec(compile(source, "m.py", "exec"), module.__dict__)
    got = helper.static_count(ast.parse(source), module.A)
    if got != want:
        failures += 1
        print(f"FAIL {name}: got {got}, want {want}")
print(f"{len(CASES) - failures} passed, {failures} failed")
sys.exit(1 if failures else 0)
