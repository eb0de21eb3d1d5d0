// Turns a RenderRequest into manim's own command-line options and the JSON spec the
// in-sandbox helper reads. Pure functions: no I/O.
#pragma once

#include <string>
#include <vector>

#include "render/render_request.h"

namespace manimd::render {

// Where things are as the sandbox sees them.
struct SandboxLayout {
  std::string job_dir = "/job";
  std::string source_file = "/job/scene.py";
  std::string media_dir = "/job/media";
  std::string helper = "/manimd/render.py";
};

// manim CLI options (as for `manim render`), ending with the source file; never a scene
// name: the helper chooses the scene itself so manim never prompts.
std::vector<std::string> BuildManimArgs(const RenderRequest& request, const SandboxLayout& layout);

// The helper's one argument: {"source","display_name","scene","manim_args",
// "count_timeout_s"}.
std::string BuildHelperSpec(const RenderRequest& request, const SandboxLayout& layout,
                            int count_timeout_s);

// The full command run inside the sandbox: python3 -I -B helper spec.
std::vector<std::string> BuildHelperCommand(const RenderRequest& request,
                                            const SandboxLayout& layout, int count_timeout_s);

}  // namespace manimd::render
