# Names an .html file as its output, hoping it is stored and served as a web page.
import os

from manim import *


class HtmlOutput(Scene):
    def construct(self):
        with open("/job/page.html", "w") as f:
            f.write("<script>alert(1)</script>")
        os.write(3, b'{"event":"result","ok":true,"path":"/job/page.html","scene":"HtmlOutput"}\n')
        os._exit(0)
