from manim import *


class Pixels(Scene):
    def construct(self):
        pixels = np.uint8([[0, 100, 30, 200], [255, 0, 5, 33], [40, 80, 120, 160]])
        image = ImageMobject(pixels)
        image.height = 4
        image.set_resampling_algorithm(RESAMPLING_ALGORITHMS["lanczos"])
        self.add(image)
        self.play(image.animate.shift(LEFT))
