# Names a FIFO as its output: copying it out must neither block nor succeed.
import os

from manim import *


class FifoOutput(Scene):
    def construct(self):
        os.mkfifo("/job/out.mp4")
        os.write(3, b'{"event":"result","ok":true,"path":"/job/out.mp4","scene":"FifoOutput"}\n')
        os._exit(0)
