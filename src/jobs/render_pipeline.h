// RenderPipeline: the JobExecutor that renders a job in a sandbox (Runner) and stores the
// video (Storage). Writes each job's output into its own staging directory first.
#pragma once

#include <string>

#include "core/clock.h"
#include "jobs/job_queue.h"
#include "jobs/result_cache.h"
#include "sandbox/runner.h"
#include "storage/storage.h"

namespace manimd::jobs {

class RenderPipeline : public JobExecutor {
 public:
  // `staging_dir`: an existing directory on the same file system as local storage, so
  // storing is a rename. `unstored_dir`: where a video that could not be stored is kept
  // (as <dir>/<job id>/<file>). Every pointer must outlive the pipeline.
  RenderPipeline(sandbox::Runner* runner, storage::Storage* storage, std::string staging_dir,
                 std::string unstored_dir, const core::Clock* clock)
      : runner_(runner),
        storage_(storage),
        staging_dir_(std::move(staging_dir)),
        unstored_dir_(std::move(unstored_dir)),
        clock_(clock) {}

  void Execute(LiveJob& job) override;

  // Jobs that may be cached are looked up before they render and remembered after; two
  // identical ones run one after the other, the second from the cache. Null: off.
  // REQUIRES: called before the first Execute; `cache` outlives the pipeline.
  void SetCache(ResultCache* cache) { cache_ = cache; }

 private:
  void Render(LiveJob& job, const Job& snapshot);
  // Stores a finished render; fills in the key and url, or a storage_error. The warnings
  // come with the final status, in the same change.
  void Store(LiveJob& job, const render::RenderOutput& output,
             const std::vector<render::Warning>& warnings);
  void Fail(LiveJob& job, const render::RenderError& error,
            const std::vector<render::Warning>& warnings);

  sandbox::Runner* const runner_;
  storage::Storage* const storage_;
  const std::string staging_dir_;
  const std::string unstored_dir_;
  const core::Clock* const clock_;
  ResultCache* cache_ = nullptr;
};

}  // namespace manimd::jobs
