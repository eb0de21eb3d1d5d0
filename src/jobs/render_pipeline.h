// RenderPipeline: the JobExecutor that renders a job in a sandbox (Runner) and stores the
// video (Storage). Writes each job's output into its own staging directory first.
#pragma once

#include <string>

#include "core/clock.h"
#include "jobs/job_queue.h"
#include "jobs/split_render.h"
#include "sandbox/runner.h"
#include "storage/storage.h"

namespace manimd::jobs {

class RenderPipeline : public JobExecutor {
 public:
  // `staging_dir`: an existing directory on the same file system as local storage, so
  // storing is a rename. `unstored_dir`: where a video that could not be stored is kept
  // (as <dir>/<job id>/<file>). `split`, when set, renders instead of `runner` and may
  // cut a job into chunks (docs/split.md). Every pointer must outlive the pipeline.
  RenderPipeline(sandbox::Runner* runner, storage::Storage* storage, std::string staging_dir,
                 std::string unstored_dir, const core::Clock* clock, SplitRenderer* split = nullptr)
      : runner_(runner),
        storage_(storage),
        staging_dir_(std::move(staging_dir)),
        unstored_dir_(std::move(unstored_dir)),
        clock_(clock),
        split_(split) {}

  void Execute(LiveJob& job) override;

 private:
  // Stores a finished render; fills in the key and url, or a storage_error. The warnings
  // come with the final status, in the same change.
  // `chunks`: pieces it was rendered in (0: it never got to rendering).
  void Store(LiveJob& job, const render::RenderOutput& output,
             const std::vector<render::Warning>& warnings, int chunks);
  void Fail(LiveJob& job, const render::RenderError& error,
            const std::vector<render::Warning>& warnings, int chunks = 0);

  sandbox::Runner* const runner_;
  storage::Storage* const storage_;
  const std::string staging_dir_;
  const std::string unstored_dir_;
  const core::Clock* const clock_;
  SplitRenderer* const split_;
};

}  // namespace manimd::jobs
