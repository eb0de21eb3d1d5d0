# Prints bytes that are not UTF-8, then reports its own failure with a lone surrogate in
# the message (JSON escapes that decode to no valid character).
import os
import sys

from manim import *


class BadUtf8(Scene):
    def construct(self):
        sys.stdout.buffer.write(b"\xff\xfe broken \xc3(\n")
        sys.stdout.flush()
        os.write(3, b'{"event":"result","ok":false,"kind":"python_error",'
                    b'"message":"bad \\udcff end","traceback":"tb \\ud800"}\n')
        os._exit(1)
