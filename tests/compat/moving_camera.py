from manim import *


class ZoomIn(MovingCameraScene):
    def construct(self):
        dots = VGroup(*[Dot(point=[x, 0, 0]) for x in range(-3, 4)])
        self.add(dots)
        self.play(self.camera.frame.animate.scale(0.5).move_to(dots[5]))
        self.play(Restore(self.camera.frame) if hasattr(self.camera.frame, "saved_state") else Wait(0.2))
        self.wait(0.3)
