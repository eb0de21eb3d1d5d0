import os
import socket
import subprocess
import time

from manim import *


class Holder(Scene):
    """Leaves things behind for a neighbour to look for: a file in its job directory, /tmp
    and /dev/shm, a listening abstract socket, and a background process."""

    def construct(self):
        open("/job/holder-secret", "w").write("holder-secret")
        open("/tmp/holder-secret", "w").write("holder-secret")
        open("/dev/shm/holder-secret", "w").write("holder-secret")
        # Per process: the animation-counting child runs construct() too.
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        server.bind(f"\0holder-secret-{os.getpid()}")
        server.listen(1)
        self.holder_socket = server  # kept open while the scene lives
        subprocess.Popen(["sleep", "30"], start_new_session=True)
        time.sleep(float(os.environ.get("HOLD_S", "3")))
        self.play(FadeIn(Dot()), run_time=0.25)
