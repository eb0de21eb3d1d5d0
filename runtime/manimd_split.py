"""Split probes for manimd's dry pass: how long each play() lasts, and the first reason the
scene cannot be rendered in chunks of animations (docs/split.md lists every one).

A chunk runs construct() from the start with the animations before it skipped (manim's
`-n FROM,UPTO`): a skipped animation jumps to its end state in one step. That is only the
same picture as the whole render when nothing depends on how many frames ran or on
state that differs between two runs of construct(). Installed before the scene's module is
loaded, so `from random import random` in the scene gets the watched function too.
Not a security boundary: the scene can undo any of this, and then only its own video
differs.
"""

import random

# Module-level functions that draw from the global generators.
_RANDOM_DRAWS = ("random", "uniform", "randint", "randrange", "choice", "choices", "shuffle",
                 "sample", "gauss", "normalvariate", "triangular", "betavariate",
                 "expovariate", "gammavariate", "lognormvariate", "vonmisesvariate",
                 "paretovariate", "weibullvariate", "getrandbits", "randbytes")
_NUMPY_DRAWS = ("rand", "randn", "random", "random_sample", "ranf", "sample", "randint",
                "random_integers", "uniform", "normal", "choice", "shuffle", "permutation",
                "standard_normal", "integers", "exponential", "poisson", "binomial")
MAX_PLAYS = 5000  # more plays than this are not worth planning (and bound the event line)


class Probe:
    def __init__(self):
        self.plays = []      # seconds of each play()/wait(), in order
        self.blocker = None  # the first reason not to split, or None
        self.seeded = False

    def block(self, reason):
        if self.blocker is None:
            self.blocker = reason


def _wrap(owner, name, before):
    original = getattr(owner, name, None)
    if original is None:
        return

    def wrapper(*args, **kwargs):
        before(*args, **kwargs)
        return original(*args, **kwargs)

    wrapper.__wrapped__ = original
    setattr(owner, name, wrapper)


def _watch_random(probe):
    def drawn(*args, **kwargs):
        if not probe.seeded:
            probe.block("random numbers drawn without a seed (random or numpy.random)")

    def seeded(*args, **kwargs):
        # seed() and seed(None) take the time or OS entropy: no better than no seed.
        if args and args[0] is not None or kwargs.get("seed") is not None:
            probe.seeded = True

    for name in _RANDOM_DRAWS:
        _wrap(random, name, drawn)
    _wrap(random, "seed", seeded)
    import numpy.random as npr
    for name in _NUMPY_DRAWS:
        _wrap(npr, name, drawn)
    _wrap(npr, "seed", seeded)

    def rng(seed=None, *args, **kwargs):
        if seed is None:
            probe.block("numpy.random.default_rng() without a seed")

    _wrap(npr, "default_rng", rng)


def install():
    """Installs the probes; returns the Probe the dry pass reads after construct()."""
    from manim.animation.updaters.update import UpdateFromFunc
    from manim.mobject.mobject import Mobject
    from manim.renderer.cairo_renderer import CairoRenderer
    from manim.scene.scene import Scene

    probe = Probe()
    _wrap(Mobject, "add_updater",
          lambda self, *a, **k: probe.block(f"an updater on a {type(self).__name__} "
                                            "(add_updater, always_redraw, a ValueTracker "
                                            "or an ambient camera rotation)"))
    _wrap(Scene, "add_updater", lambda *a, **k: probe.block("a scene updater (add_updater)"))
    _wrap(UpdateFromFunc, "__init__",
          lambda *a, **k: probe.block("UpdateFromFunc (runs once per frame)"))

    def wait(self, duration=1.0, stop_condition=None, *args, **kwargs):
        if stop_condition is not None:
            probe.block("wait with a stop_condition (or wait_until)")

    _wrap(Scene, "wait", wait)

    def section(self, name="unnamed", section_type=None, skip_animations=False, **kwargs):
        if skip_animations:
            probe.block("a section with skip_animations")

    _wrap(Scene, "next_section", section)
    _wrap(Scene, "add_sound", lambda *a, **k: probe.block("sound (add_sound)"))
    _watch_random(probe)

    original_play = CairoRenderer.play

    def play(self, scene, *args, **kwargs):
        original_play(self, scene, *args, **kwargs)
        if len(probe.plays) >= MAX_PLAYS:
            probe.block(f"more than {MAX_PLAYS} animations")
        else:
            probe.plays.append(round(float(scene.duration), 4))

    CairoRenderer.play = play
    return probe
