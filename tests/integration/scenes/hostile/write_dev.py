# Tries to write into /dev (an unsized tmpfs before) and to replace /dev/stderr.
import os

from manim import *


class WriteDev(Scene):
    def construct(self):
        results = []
        for attempt in ("file", "symlink"):
            try:
                if attempt == "file":
                    with open("/dev/manimd-probe", "wb") as f:
                        f.write(b"x" * 4096)
                else:
                    os.symlink("/job/x", "/dev/manimd-link")
                results.append(f"{attempt}=ok")
            except OSError as e:
                results.append(f"{attempt}={e.errno}")
        raise RuntimeError(" ".join(results))
