from manim import *


class Snapshot(Scene):
    def construct(self):
        circle = Circle(color=BLUE, fill_opacity=1)
        self.play(GrowFromCenter(circle))
        self.renderer.file_writer.save_final_image(self.camera.get_image())
