"""Tests of the split probes (runtime/manimd_split.py) in the real runtime's Python: each
scene body runs a dry pass (animations skipped, no file) and the probe must report the
play durations and the first blocker, or none. Run by ctest in a bwrap sandbox with the
probes at /manimd/manimd_split.py. Prints failures and "N passed, M failed".
"""
import sys
import types

sys.path.insert(0, "/manimd")
import manimd_split  # noqa: E402

probe = manimd_split.install()
from manim import config  # noqa: E402

config.dry_run = True
config.pixel_width, config.pixel_height = 128, 72
results = []


def dry(body):
    """(plays, blocker) of class A in `body` after a dry pass."""
    probe.plays, probe.blocker, probe.seeded = [], None, False
    module = types.ModuleType("m")
    exec(compile("from manim import *\nimport random\nimport numpy as np\n" + body, "m.py",
                 "exec"), module.__dict__)
    scene = module.A()
    scene.renderer.skip_animations = scene.renderer._original_skipping_status = True
    scene.render()
    return probe.plays, probe.blocker


def check(name, got, want):
    results.append(got == want)
    if got != want:
        print(f"FAIL {name}: got {got!r}, want {want!r}")


def blocked(name, body, word):
    blocker = dry(body)[1]
    results.append(blocker is not None and word in blocker)
    if not results[-1]:
        print(f"FAIL {name}: blocker {blocker!r} should mention {word!r}")


check("plain", dry("class A(Scene):\n def construct(self):\n"
                   "  c = Circle()\n  self.play(Create(c), run_time=0.5)\n  self.wait(0.7)\n"
                   "  self.play(c.animate.shift(UP), run_time=2)\n"), ([0.5, 0.7, 2.0], None))
check("three_d", dry("class A(ThreeDScene):\n def construct(self):\n"
                     "  self.set_camera_orientation(phi=1)\n  self.play(Create(Cube()))\n"
                     "  self.move_camera(theta=1, run_time=0.5)\n"), ([1.0, 0.5], None))
check("seeded_random", dry("class A(Scene):\n def construct(self):\n  random.seed(3)\n"
                           "  np.random.seed(4)\n  self.play(FadeIn(Dot(point=[random.random(),"
                           " np.random.rand(), 0])))\n")[1], None)
blocked("always_redraw", "class A(Scene):\n def construct(self):\n  d = Dot()\n"
        "  self.add(always_redraw(lambda: Circle().move_to(d)))\n  self.wait()\n", "updater")
blocked("add_updater", "class A(Scene):\n def construct(self):\n  d = Dot()\n"
        "  d.add_updater(lambda m, dt: m.shift(dt * RIGHT))\n  self.add(d)\n  self.wait()\n",
        "updater")
blocked("value_tracker", "class A(Scene):\n def construct(self):\n  t = ValueTracker(0)\n"
        "  d = Dot().add_updater(lambda m: m.set_x(t.get_value()))\n  self.add(d)\n"
        "  self.play(t.animate.set_value(2))\n", "updater")
blocked("ambient_rotation", "class A(ThreeDScene):\n def construct(self):\n"
        "  self.begin_ambient_camera_rotation()\n  self.wait()\n", "updater")
blocked("scene_updater", "class A(Scene):\n def construct(self):\n"
        "  self.add_updater(lambda dt: None)\n  self.wait()\n", "scene updater")
blocked("random", "class A(Scene):\n def construct(self):\n"
        "  self.play(FadeIn(Dot(point=[random.uniform(-1, 1), 0, 0])))\n", "seed")
blocked("from_random_import", "from random import choice\nclass A(Scene):\n"
        " def construct(self):\n  self.play(FadeIn(Dot(color=choice([RED, BLUE]))))\n", "seed")
blocked("numpy_random", "class A(Scene):\n def construct(self):\n"
        "  self.play(FadeIn(Dot(point=np.random.randn(3))))\n", "seed")
blocked("seed_none", "class A(Scene):\n def construct(self):\n  random.seed(None)\n"
        "  self.play(FadeIn(Dot(point=[random.random(), 0, 0])))\n", "seed")
blocked("default_rng", "class A(Scene):\n def construct(self):\n"
        "  r = np.random.default_rng()\n  self.wait()\n", "default_rng")
blocked("random_color", "class A(Scene):\n def construct(self):\n"
        "  self.play(Create(Square(color=random_color())))\n", "seed")
blocked("stop_condition", "class A(Scene):\n def construct(self):\n"
        "  self.wait_until(lambda: True, max_time=1)\n", "stop_condition")
blocked("skipped_section", "class A(Scene):\n def construct(self):\n"
        "  self.next_section('x', skip_animations=True)\n  self.wait()\n", "section")
blocked("update_from_func", "class A(Scene):\n def construct(self):\n  d = Dot()\n"
        "  self.play(UpdateFromFunc(d, lambda m: m))\n", "UpdateFromFunc")

print(f"{sum(results)} passed, {len(results) - sum(results)} failed")
sys.exit(0 if all(results) else 1)
