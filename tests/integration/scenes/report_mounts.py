# Reports how its sandbox is laid out (tmpfs sizes, what is writable), in its error message,
# so the two runner modes can be compared from inside a job.
import os

from manim import *


def size(path):
    s = os.statvfs(path)
    return s.f_blocks * s.f_frsize


def writable(path):
    try:
        with open(os.path.join(path, "probe"), "w") as f:
            f.write("x")
        os.remove(os.path.join(path, "probe"))
        return "rw"
    except OSError:
        return "ro"


class ReportMounts(Scene):
    def construct(self):
        report = [f"tmp={size('/tmp')}", f"shm={size('/dev/shm')}",
                  f"job={writable(os.getcwd())}:{os.getcwd()}", f"dev={writable('/dev')}",
                  f"shm_rw={writable('/dev/shm')}", f"root={writable('/')}",
                  # the fork server's own module is the one file only forked jobs have
                  f"manimd={sorted(set(os.listdir('/manimd')) - {'manimd_zygote.py'})}"]
        raise RuntimeError("layout " + " ".join(report))
