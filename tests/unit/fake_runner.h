// FakeRunner: a Runner with a script instead of a sandbox, for unit tests of what runs
// renders (the pipeline, the queue): the progress it reports, then the result it gives,
// a file it leaves in the job's output dir, and how it honours cancel.
#pragma once

#include <atomic>
#include <string>
#include <vector>

#include "sandbox/runner.h"

namespace manimd::testing {

class FakeRunner : public sandbox::Runner {
 public:
  // Reported in order, each through on_progress (a repeat is a heartbeat).
  std::vector<render::Progress> progress;
  // When set, Run waits (up to 10 s) for a cancel and then answers `cancelled`.
  bool wait_for_cancel = false;
  // The result: an error, or success writing `output_bytes` bytes as <scene>.<extension>.
  std::optional<render::RenderError> error;
  std::string scene = "A";
  std::string extension = "mp4";
  std::int64_t output_bytes = 1000;
  std::vector<render::Warning> warnings;

  render::RenderResult Run(const sandbox::RenderJob& job, const sandbox::ProgressFn& on_progress,
                           const sandbox::CancelToken& cancel) override;

  int runs() const { return runs_.load(); }

 private:
  std::atomic<int> runs_{0};
};

}  // namespace manimd::testing
