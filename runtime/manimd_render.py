"""manimd's in-sandbox render entry point: wraps manim so failures come back classified.

Runs inside the bubblewrap sandbox as `python3 -I manimd_render.py SPEC_JSON`. It finds
the Scene subclasses (ast for file order, the imported module for the real class tree),
counts the animations (from the source when construct() is straight-line, else in a
forked child beside the render), renders the chosen scene with manim's own CLI option
parsing, and reports JSON lines on fd 3:
  {"event":"scenes","names":[...]}          every Scene subclass, in file order
  {"event":"scene","name":...}              the one being rendered
  {"event":"animations","count":n}          from the counting child, if it finished
  {"event":"progress","animation":i,"percent":p}   i is 1-based, p within animation i
  {"event":"result","ok":true,"path":...}   or "ok":false with kind/message/traceback
It never decides limits; the host enforces those. It is not a security boundary: the
scene's code runs in this same process.
"""

import ast
import errno
import json
import os
import signal
import sys
import time
import traceback

EVENTS_FD = 3
MAIN_PID = os.getpid()
# Freed before reporting a MemoryError so the report itself can allocate.
_reserve = bytearray(8 << 20)


class Channel:
    """Writes events to fd 3; silent in forked children so only one process reports."""

    def __init__(self, fd):
        self.fd = fd
        os.set_inheritable(fd, False)

    def send(self, **event):
        if os.getpid() != MAIN_PID:
            return
        data = (json.dumps(event) + "\n").encode()
        while data:
            data = data[os.write(self.fd, data):]


# The host keeps at most 16 KiB of each; a line longer than its 1 MiB event limit would
# be dropped whole, and the failure with it.
MAX_TEXT = 16000


def clip(text, keep_end=False):
    if len(text) <= MAX_TEXT:
        return text
    return "..." + text[-MAX_TEXT:] if keep_end else text[:MAX_TEXT] + "..."


def fail(channel, kind, message, tb="", location=None, hint=None):
    extra = {k: v for k, v in (("location", location), ("hint", hint)) if v}
    if "hint" in extra:
        extra["hint"] = clip(extra["hint"])
    channel.send(event="result", ok=False, kind=kind, message=clip(message),
                 traceback=clip(tb, keep_end=True), **extra)
    # No interpreter shutdown: after a failure it can block for seconds (threads the scene
    # started, forked children holding locks) and there is nothing left to save.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(1)


def plain_traceback(exc):
    """The Python traceback without this wrapper's (or the fork server's) own frames."""
    here = os.path.dirname(os.path.abspath(__file__))
    ours = {__file__, os.path.join(here, "manimd_zygote.py")}
    te = traceback.TracebackException.from_exception(exc)
    te.stack = traceback.StackSummary.from_list(
        [f for f in te.stack if f.filename not in ours])
    return "".join(te.format())


def classify(exc):
    """Maps an exception to (kind, message) in the scene author's terms."""
    if isinstance(exc, MemoryError):
        return "memory_limit", "memory limit reached: the scene needed more memory than allowed"
    if isinstance(exc, OSError) and exc.errno == errno.EFBIG:
        return "output_limit", "output limit reached: a file grew past the allowed size"
    if isinstance(exc, OSError) and exc.errno == errno.EAGAIN and "fork" in plain_traceback(exc):
        return "process_limit", "process limit reached: the scene started too many processes"
    if isinstance(exc, RuntimeError) and "can't start new thread" in str(exc):
        return "process_limit", "process limit reached: the scene started too many threads"
    text = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    return "python_error", text.splitlines()[-1] if text else type(exc).__name__


def user_location(exc, display):
    """{"line","column","code"} of the innermost frame of the scene's own file, or None."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == display]
    if not frames:
        return None
    f = frames[-1]
    return {"line": f.lineno or 0, "column": (f.colno or 0) + 1 if f.colno is not None else 0,
            "code": (f.line or "").strip()}


def explain(exc, kind, message, display, module):
    """(kind, message, location, hint) for a failure of the scene's code; never raises."""
    location = user_location(exc, display)
    try:
        _beside_me()
        import manimd_hints
    except ImportError:
        return kind, message, location, None
    try:
        return manimd_hints.explain(exc, kind, message, location, module, _COMPAT[0])
    except Exception:  # a hint is a nicety; the error itself must get out
        return kind, message, location, None


_COMPAT = ["0.19"]  # this job's compat mode, for the hints
_MODULE = [None]    # the scene's module once it exists, for the hints' name lookups


def report_exception(channel, exc, display=None):
    global _reserve
    _reserve = None
    if os.getpid() != MAIN_PID:
        os._exit(1)  # a forked child of the scene; the main process reports
    kind, message = classify(exc)
    location = hint = None
    if kind == "python_error" and display:
        kind, message, location, hint = explain(exc, kind, message, display, _MODULE[0])
    fail(channel, kind, message, plain_traceback(exc), location, hint)


def scene_order(tree):
    """Class names in file order, top-level first (nested classes after)."""
    return [n.name for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]


def load_module(path, name, source, display):
    """Imports the scene file so that tracebacks name it as its author knows it."""
    import linecache
    import types
    module = types.ModuleType(name)
    module.__file__ = path
    sys.modules[name] = module
    _MODULE[0] = module
    sys.path.insert(0, os.path.dirname(path))
    linecache.cache[display] = (len(source), None, source.splitlines(True), display)
    exec(compile(source, display, "exec"), module.__dict__)
    return module


def find_scenes(module, order):
    import inspect
    from manim import Scene
    found = [c for _, c in inspect.getmembers(module, inspect.isclass)
             if issubclass(c, Scene) and c is not Scene and c.__module__ == module.__name__]
    rank = {name: i for i, name in enumerate(order)}
    found.sort(key=lambda c: (rank.get(c.__name__, len(rank)), c.__name__))
    return found


def small_pixels(width, height):
    """A tiny frame of the same aspect ratio, for the counting pass."""
    import math
    g = math.gcd(width, height)
    w, h = width // g, height // g
    while w < 64:
        w, h = w * 2, h * 2
    return w, h


def _no_fork(*args, **kwargs):
    raise RuntimeError("fork is disabled while counting animations")


# self.<method>() calls that never play an animation, and those that play exactly one.
_QUIET_METHODS = frozenset({
    "add", "remove", "clear", "bring_to_front", "bring_to_back", "add_foreground_mobject",
    "add_foreground_mobjects", "remove_foreground_mobject", "remove_foreground_mobjects",
    "set_camera_orientation", "begin_ambient_camera_rotation", "stop_ambient_camera_rotation",
    "add_fixed_in_frame_mobjects", "add_fixed_orientation_mobjects",
    "remove_fixed_in_frame_mobjects", "add_updater", "remove_updater", "add_sound",
    "next_section"})
_PLAYING_METHODS = frozenset({"play", "wait", "pause", "wait_until"})
# Expressions that run a part of themselves conditionally or repeatedly.
_HIDDEN_FLOW = (ast.Lambda, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.ListComp,
                ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.IfExp, ast.BoolOp)


def static_count(tree, scene_cls):
    """The number of animations of a straight-line construct(), read from the source.

    Exact when construct() has no loops, branches or other compound statements, touches
    `self` only through calls it knows (play/wait count one each; add, remove, ... none)
    and nothing of the class's own hierarchy could play elsewhere (a user setup(), a
    user base class). Returns None otherwise, and the counting child does the work.
    """
    from manim import Scene
    for klass in scene_cls.__mro__:
        if klass is Scene or klass.__module__ != scene_cls.__module__:
            break
        if klass is not scene_cls or "setup" in vars(klass):
            return None  # a user base class or setup() may play too
    node = next((n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)
                 and n.name == scene_cls.__name__), None)
    if node is None:
        return None
    methods = {f.name: f for f in node.body if isinstance(f, ast.FunctionDef)}
    if _PLAYING_METHODS.intersection(methods) or {"setup", "tear_down"}.intersection(methods):
        return None  # the scene redefines how it plays
    construct = methods.get("construct")
    if construct is None or not construct.args.args:
        return None
    me = construct.args.args[0].arg
    simple = (ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Pass, ast.Import,
              ast.ImportFrom)
    if not all(isinstance(stmt, simple) for stmt in construct.body):
        return None
    called = {id(n.func) for n in ast.walk(construct) if isinstance(n, ast.Call)}
    on_self = set()
    count = 0
    for n in ast.walk(construct):
        if isinstance(n, _HIDDEN_FLOW) and n is not construct:
            return None  # plays inside these may run any number of times
        if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == me:
            on_self.add(id(n.value))
            if id(n) in called:
                if n.attr in _PLAYING_METHODS:
                    count += 1
                elif n.attr not in _QUIET_METHODS:
                    return None  # self.intro() and the like may play
            elif n.attr in _PLAYING_METHODS:
                return None  # p = self.play; p(...)
    # `self` used any other way, e.g. passed to a helper, could hide a play.
    if any(isinstance(n, ast.Name) and n.id == me and id(n) not in on_self
           for n in ast.walk(construct)):
        return None
    return count


def start_counting(scene_cls, timeout_s):
    """Counts the scene's animations in a forked child, beside the real render.

    The child runs construct() with animations skipped and a tiny frame, at a lower CPU
    priority (mild: it should finish early even on a busy machine) and with its own
    TeX/text dirs (no races with the real pass), and reports {"event":"animations"}
    itself: one short write, atomic on a pipe. A scene
    whose construct() is slow or fails just leaves the count unknown; the real pass
    reports any error. Returns the child's pid, or None.
    """
    if timeout_s <= 0:
        return None
    pid = os.fork()
    if pid != 0:
        return pid
    try:
        signal.alarm(max(1, int(timeout_s)))  # SIGALRM ends a count that takes too long
        os.nice(5)
        # A scene that forks in construct() would fork here too and could eat the process
        # limit before the real pass gets going; the count is not worth that.
        os.fork = _no_fork
        from manim import config
        from manim.renderer.cairo_renderer import CairoRenderer
        from manim.scene.scene import EndSceneEarlyException
        config.pixel_width, config.pixel_height = small_pixels(
            config.pixel_width, config.pixel_height)
        config.write_to_movie = False
        config.save_last_frame = False
        config.tex_dir = "/tmp/manimd-count/Tex"
        config.text_dir = "/tmp/manimd-count/texts"
        sys.stdout = sys.stderr = open(os.devnull, "w")
        renderer = CairoRenderer(skip_animations=True)
        scene = scene_cls(renderer=renderer)
        scene.setup()
        try:
            scene.construct()
        except EndSceneEarlyException:
            pass
        line = json.dumps({"event": "animations", "count": renderer.num_plays}) + "\n"
        os.write(EVENTS_FD, line.encode())
    except BaseException:
        pass
    os._exit(0)


def stop_counting(pid):
    if pid is None:
        return
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except OSError:
        pass


def install_progress_hooks(channel):
    """Reports animation index and per-animation percent, at most ~5 times a second."""
    from manim.renderer.cairo_renderer import CairoRenderer
    from manim.scene.scene import Scene
    from manim.scene.scene_file_writer import SceneFileWriter

    state = {"last": 0.0, "outputs": []}

    def emit(animation, percent, force=False):
        now = time.monotonic()
        if force or now - state["last"] >= 0.2:
            state["last"] = now
            channel.send(event="progress", animation=animation, percent=round(percent, 1))

    original_play = CairoRenderer.play

    def play(self, scene, *args, **kwargs):
        emit(self.num_plays + 1, 0.0, force=True)
        original_play(self, scene, *args, **kwargs)
        emit(self.num_plays, 100.0, force=True)

    original_progression = Scene.get_time_progression

    def get_time_progression(self, run_time, description, *args, **kwargs):
        bar = original_progression(self, run_time, description, *args, **kwargs)
        return ProgressProxy(bar, self.renderer.num_plays + 1, run_time, emit)

    original_ready = SceneFileWriter.print_file_ready_message

    def print_file_ready_message(self, file_path):
        state["outputs"].append(str(file_path))
        original_ready(self, file_path)

    CairoRenderer.play = play
    Scene.get_time_progression = get_time_progression
    SceneFileWriter.print_file_ready_message = print_file_ready_message
    return state["outputs"]


class ProgressProxy:
    """Iterates manim's tqdm bar unchanged, reporting how far through the animation it is."""

    def __init__(self, bar, animation, run_time, emit):
        self.bar, self.animation, self.run_time, self.emit = bar, animation, run_time, emit

    def __iter__(self):
        for t in self.bar:
            if self.run_time > 0:
                self.emit(self.animation, min(100.0, 100.0 * t / self.run_time))
            yield t

    def __getattr__(self, name):
        return getattr(self.bar, name)


def user_line(display):
    """The line of the user's file that is running now (innermost frame in it), or 0."""
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_filename == display:
            return frame.f_lineno
        frame = frame.f_back
    return 0


def _beside_me():
    here = os.path.dirname(os.path.abspath(__file__))
    if here not in sys.path:
        sys.path.insert(0, here)  # -I leaves the script's own directory out


def install_compat(channel, display, tree):
    """Loads the compatibility layer beside this file; each adaptation used is a warning."""
    _beside_me()
    import manimd_compat
    seen = set()

    def warn(code, message, line=None):
        if line is None:
            line = user_line(display)
        if (line, code) not in seen:
            seen.add((line, code))
            channel.send(event="warning", line=line, code=code, message=message)

    manimd_compat.install(warn, tree)


def main():
    render_job(json.loads(sys.argv[1]))
    # Done: skip the interpreter's teardown (manim's atexit hooks, threads), as a forked
    # job does. A slow exit would outlast manimd's grace after the verdict and be killed,
    # and a killed sandbox's CPU time is lost to the usage manimd reports.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def render_job(spec):
    global EVENTS_FD
    EVENTS_FD = int(spec.get("events_fd", EVENTS_FD))  # manimd's sandbox layout says which
    channel = Channel(EVENTS_FD)
    # First, before the scene's code runs: from here on only manimd's limits and the
    # scene can end the sandbox, so bwrap's own complaints are no longer possible.
    channel.send(event="started")
    source_path, display = spec["source"], spec["display_name"]
    module_name = os.path.splitext(os.path.basename(source_path))[0]
    _COMPAT[0] = spec.get("compat", "0.19")
    validate = spec.get("mode", "render") == "validate"

    # utf-8-sig: a byte-order mark (Windows editors) is not part of the code.
    with open(source_path, encoding="utf-8-sig", errors="replace") as f:
        source = f.read()
    try:
        tree = ast.parse(source, filename=display)
    except SyntaxError as e:
        where = f"{display}:{e.lineno or 0}:{e.offset or 0}"
        text = "".join(traceback.format_exception_only(type(e), e))
        location = {"line": e.lineno or 0, "column": e.offset or 0,
                    "code": (e.text or "").strip()}
        fail(channel, "invalid_code", f"{where}: {type(e).__name__}: {e.msg}", text, location)

    try:
        from manim import config, tempconfig
        from manim.cli.render.commands import ClickArgs, render as render_command
    except BaseException as e:  # the runtime itself is broken: our fault, not the user's
        fail(channel, "internal", f"manim failed to import: {e}", plain_traceback(e))

    context = render_command.make_context("manim", list(spec["manim_args"]))
    config.digest_args(ClickArgs(context.params))
    if _COMPAT[0] == "0.19":
        try:
            install_compat(channel, display, tree)
        except BaseException as e:  # our layer is broken, not the scene
            fail(channel, "internal", f"compat layer failed: {e}", plain_traceback(e))

    probe = None
    if validate:
        try:
            _beside_me()
            import manimd_split
            probe = manimd_split.install()
        except BaseException as e:  # our probes are broken, not the scene
            fail(channel, "internal", f"split probes failed: {e}", plain_traceback(e))
    try:
        module = load_module(source_path, module_name, source, display)
        scenes = find_scenes(module, scene_order(tree))
    except BaseException as e:
        report_exception(channel, e, display)
    names = [c.__name__ for c in scenes]
    channel.send(event="scenes", names=names)
    if not names:
        fail(channel, "invalid_code", f"no Scene subclass found in {display}",
             hint="define a class deriving from Scene (or ThreeDScene, MovingCameraScene, ...) "
                  "with a construct(self) method")
    wanted = spec.get("scene")
    if wanted and wanted not in names:
        fail(channel, "scene_not_found",
             f"scene {wanted} not found, found: {', '.join(names)}")
    scene_cls = next(c for c in scenes if c.__name__ == (wanted or names[0]))
    channel.send(event="scene", name=scene_cls.__name__)
    if validate:
        validate_scene(channel, scene_cls, display, probe)
        return

    outputs = install_progress_hooks(channel)
    counter = None
    count = static_count(tree, scene_cls)
    if count is not None:
        channel.send(event="animations", count=count)
    else:
        counter = start_counting(scene_cls, float(spec.get("count_timeout_s", 0)))
    try:
        with tempconfig({}):
            scene = scene_cls()
            scene.render()
    except BaseException as e:
        stop_counting(counter)
        report_exception(channel, e, display)
    stop_counting(counter)
    if not outputs:
        fail(channel, "python_error",
             f"{scene_cls.__name__} produced no output (did construct() add anything?)")
    if spec.get("poster"):
        make_poster(outputs[-1], spec["poster"])
    channel.send(event="result", ok=True, path=outputs[-1], scene=scene_cls.__name__)


def make_poster(video, poster):
    """The video's first or last frame as a PNG at poster["path"], made here inside the
    sandbox: the video's bytes are the scene's to choose (it may overwrite its own output),
    so only a sandboxed ffmpeg ever decodes them. No poster is not a failed render: manimd
    warns when the file is missing."""
    import subprocess
    path = poster["path"]
    try:
        os.unlink(path)  # whatever the scene left there is not a poster
    except OSError:
        pass
    if poster.get("frame") == "first":
        select = ["-i", video, "-frames:v", "1"]
    else:  # from the last second on, each frame overwrites the one before: the last stays
        select = ["-sseof", "-1", "-i", video, "-update", "1"]
    try:
        subprocess.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-y", *select,
                        "-f", "image2", "-c:v", "png", path],
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        pass


def validate_scene(channel, scene_cls, display, probe):
    """The dry pass of validate mode: construct() with animations skipped, a tiny frame and
    manim's dry_run (no frame rendered, nothing encoded or written), then the result, with
    what the split probes saw (manimd_split.py): each play's seconds and any blocker."""
    from manim import config
    try:
        config.dry_run = True
        config.pixel_width, config.pixel_height = small_pixels(
            config.pixel_width, config.pixel_height)
        scene = scene_cls()  # its own renderer: a ThreeDScene needs its ThreeDCamera
        renderer = scene.renderer
        renderer.skip_animations = renderer._original_skipping_status = True
        scene.render()
    except BaseException as e:
        report_exception(channel, e, display)
    channel.send(event="result", ok=True, validated=True, scene=scene_cls.__name__,
                 animations=renderer.num_plays, duration_s=round(float(renderer.time), 3),
                 plays=probe.plays, split_blocker=probe.blocker)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--zygote"]:  # --zygote CONTROL_FD SECCOMP_FD
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # -I leaves it out
        import manimd_zygote  # the fork server, beside this file
        manimd_zygote.serve(render_job, int(sys.argv[2]), int(sys.argv[3]))
    else:
        main()
