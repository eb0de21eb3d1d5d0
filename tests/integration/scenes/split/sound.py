import math
import struct
import wave

from manim import *


class Sound(Scene):
    """A tone written with the wave module into the working directory, added as sound."""

    def construct(self):
        rate = 8000
        with wave.open("tone.wav", "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(rate)
            w.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * i / rate)))
                                   for i in range(rate)))
        square = Square(color=GREEN, fill_opacity=0.5)
        self.play(Create(square), run_time=1)
        self.add_sound("tone.wav")
        self.play(square.animate.rotate(PI / 2), run_time=1.5)
        self.play(FadeOut(square), run_time=1)
