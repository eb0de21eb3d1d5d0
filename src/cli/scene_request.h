// What `manimd render` and `manimd validate` share: the scene options as flags, turned
// into a RenderRequest, and Ctrl-C turned into a cancel.
#pragma once

#include <memory>
#include <string>

#include "core/config.h"
#include "render/render_request.h"
#include "sandbox/runner.h"

namespace CLI {
class App;
}

namespace manimd::cli {

struct SceneFlags {
  std::string file;
  std::string scene;
  std::string quality = "m";
  std::string format;
  std::string resolution;
  int fps = -1;  // unset
  bool transparent = false;
};

// --scene/-s, --quality/-q; with `output_options`, also --format, --fps, --resolution,
// --transparent (a validation produces no file, so it takes only the first two).
void AddSceneFlags(CLI::App* cmd, SceneFlags* flags, bool output_options);

// Reads the file and checks every option. InvalidArgument names the flag or the file.
core::Result<render::RenderRequest> BuildRequest(const SceneFlags& f, const core::Config& config);

// Ctrl-C / SIGTERM / SIGHUP cancel (so the sandbox is killed and its files removed)
// instead of killing manimd mid-way. The signals are taken with sigwait on a thread.
std::shared_ptr<sandbox::CancelToken> CancelOnSignals();

}  // namespace manimd::cli
