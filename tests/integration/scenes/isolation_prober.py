import glob
import os

from manim import *


class Prober(Scene):
    """Looks for anything another job left or holds; fails the render naming what it saw."""

    def construct(self):
        seen = []
        for pattern in ("/job/holder-secret", "/tmp/holder-secret", "/dev/shm/holder-secret",
                        "/mnt/*", "/mnt/*/holder-secret"):
            seen += glob.glob(pattern)
        with open("/proc/net/unix") as f:  # every unix socket of this network namespace
            if "holder-secret" in f.read():
                seen.append("the holder's abstract socket")
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    cmd = f.read().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if "sleep" in cmd or "isolation_holder" in cmd or "Holder" in cmd:
                seen.append(f"process {pid}: {cmd}")
        if seen:
            raise RuntimeError("LEAK: " + "; ".join(seen))
        self.play(FadeIn(Dot()), run_time=0.25)
