// RenderPipeline: the JobExecutor that renders a job in a sandbox (Runner) and stores the
// video (Storage). Writes each job's output into its own staging directory first.
#pragma once

#include <string>

#include "core/clock.h"
#include "jobs/job_queue.h"
#include "jobs/result_cache.h"
#include "jobs/split_render.h"
#include "metrics/metrics.h"
#include "sandbox/runner.h"
#include "storage/storage.h"

namespace manimd::jobs {

// What a run left besides its output: its time in the sandbox, what it used, and the
// pieces it was rendered in (0: it never got to rendering).
struct RunFacts {
  double render_s = 0;
  render::Usage usage;
  int chunks = 0;
};

class RenderPipeline : public JobExecutor {
 public:
  // `staging_dir`: an existing directory on the same file system as local storage, so
  // storing is a rename. `unstored_dir`: where a video that could not be stored is kept
  // (as <dir>/<job id>/<file>). `metrics` (may be null) gets every finished render and
  // upload. `split`, when set, renders instead of `runner` and may cut a job into chunks
  // (docs/split.md). Every pointer must outlive the pipeline.
  RenderPipeline(sandbox::Runner* runner, storage::Storage* storage, std::string staging_dir,
                 std::string unstored_dir, const core::Clock* clock,
                 metrics::Metrics* metrics = nullptr, SplitRenderer* split = nullptr)
      : runner_(runner),
        storage_(storage),
        staging_dir_(std::move(staging_dir)),
        unstored_dir_(std::move(unstored_dir)),
        clock_(clock),
        metrics_(metrics),
        split_(split) {}

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
             const std::vector<render::Warning>& warnings, const RunFacts& facts);
  void Fail(LiveJob& job, const render::RenderError& error,
            const std::vector<render::Warning>& warnings, const RunFacts& facts = {});
  // Counts a job in the change that makes it final (`done`), so that whoever sees it
  // final (a client waiting for its answer) also finds it counted.
  void Record(const Job& done, double render_s);

  sandbox::Runner* const runner_;
  storage::Storage* const storage_;
  const std::string staging_dir_;
  const std::string unstored_dir_;
  const core::Clock* const clock_;
  metrics::Metrics* const metrics_;
  SplitRenderer* const split_;
  ResultCache* cache_ = nullptr;
};

}  // namespace manimd::jobs
