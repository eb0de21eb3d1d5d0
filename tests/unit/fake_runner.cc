// The script, played back.
#include "fake_runner.h"

#include <chrono>
#include <fstream>
#include <thread>

namespace manimd::testing {

render::RenderResult FakeRunner::Run(const sandbox::RenderJob& job,
                                     const sandbox::ProgressFn& on_progress,
                                     const sandbox::CancelToken& cancel) {
  ++runs_;
  for (const render::Progress& p : progress) {
    if (on_progress) on_progress(p);
  }
  render::RenderResult r;
  r.warnings = warnings;
  if (wait_for_cancel) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!cancel.cancelled() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    r.error = render::RenderError::Of(render::ErrorKind::kCancelled, "render cancelled");
    return r;
  }
  if (error) {
    r.error = error;
    return r;
  }
  std::string path = job.output_dir + "/" + scene + "." + extension;
  std::ofstream(path, std::ios::binary) << std::string(static_cast<size_t>(output_bytes), 'v');
  r.output = render::RenderOutput{path, scene, extension, output_bytes, {scene}, ""};
  return r;
}

}  // namespace manimd::testing
