// Turns a RenderRequest into manim's own command-line options. Pure function: no I/O.
#pragma once

#include <string>
#include <vector>

#include "render/render_request.h"

namespace manimd::render {

// Where a render's files are as the sandbox sees them (sandbox/sandbox_layout.h fills it).
struct ScenePaths {
  std::string job_dir = "/job";
  std::string source_file = "/job/scene.py";
  std::string media_dir = "/job/media";
  std::string poster_file = "/job/poster.png";  // where the helper writes a video's poster
};

// manim CLI options (as for `manim render`), ending with the source file; never a scene
// name: the helper chooses the scene itself so manim never prompts.
std::vector<std::string> BuildManimArgs(const RenderRequest& request, const ScenePaths& paths);

}  // namespace manimd::render
