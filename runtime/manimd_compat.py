"""manimd's compatibility layer: runs manim 0.19-era scene code on the runtime's manim.

Imported by manimd_render.py inside the sandbox when the job's compat mode is "0.19" (the
default), after manim is imported and before the scene file runs. install() adapts the
API changes between manim 0.19.0 and the runtime's manim, and reports every adaptation
a job actually used through `warn(code, message)` (the caller finds the user's line).
"""


def install(warn):
    """Applies every adaptation; `warn(code, message)` reports one being used."""
    del warn  # no adaptations yet
