// SplitRenderer: renders one job whole, or as chunks of consecutive animations on several
// render slots at once, joined without re-encoding (docs/split.md). The plan is
// render/split_plan.h; the join is sandbox/chunk_joiner.h.
#pragma once

#include <chrono>
#include <functional>

#include "jobs/chunk_pool.h"
#include "render/split_plan.h"
#include "sandbox/chunk_joiner.h"
#include "sandbox/runner.h"

namespace manimd::jobs {

struct ChunkBoard;  // what one split render's threads share (split_render.cc)

struct SplitOutcome {
  render::RenderResult result;  // as Runner::Run's: the joined file, or the failure
  int chunks = 1;               // pieces it was rendered in
};

class SplitRenderer {
 public:
  // `free_slots` says how many render slots are free now. Pointers must outlive this.
  SplitRenderer(sandbox::Runner* runner, sandbox::ChunkJoiner* joiner,
                std::function<int()> free_slots, render::SplitPolicy policy)
      : runner_(runner), joiner_(joiner), free_slots_(std::move(free_slots)), policy_(policy) {}

  // With a pool (a Redis cluster), chunks are offered to other workers' idle slots too
  // and K counts those slots; null (a single node): every chunk renders here. Set before
  // the first Render; `pool` must outlive every Render.
  void SetPool(ChunkPool* pool) { pool_ = pool; }

  // A dry run decides (render/split_plan.h); one piece is a plain Runner::Run. Chunks run
  // in parallel, each a job of its own for the runner (its own slot, sandbox and limits);
  // `on_progress` sees the whole scene's progress, never decreasing, from any thread but
  // one call at a time. Cancelling, or a chunk failing, stops every chunk; the first
  // failing chunk's error (its user line included) is the job's. So does the chunks' CPU
  // time together passing the policy's budget (a timeout). Thread-safe.
  SplitOutcome Render(const sandbox::RenderJob& job, const sandbox::ProgressFn& on_progress,
                      const sandbox::CancelToken& cancel);

 private:
  // Render slots free here, and (with a pool) on the cluster's other workers.
  int FreeSlots() const { return free_slots_() + (pool_ ? pool_->IdleSlotsElsewhere() : 0); }
  // `probe`: the dry run's result (its validation planned the chunks; its CPU counts).
  SplitOutcome RenderChunks(const sandbox::RenderJob& job, const render::RenderResult& probe,
                            const std::vector<render::AnimationRange>& chunks,
                            const sandbox::ProgressFn& on_progress,
                            const sandbox::CancelToken& cancel);
  // Until every chunk has a result: cancel, the CPU budget, and (with a pool) the remote
  // chunks' results, progress and liveness. True when the budget stopped the chunks.
  bool Supervise(const sandbox::RenderJob& job, ChunkBoard& board, bool pooled,
                 const sandbox::CancelToken& cancel);
  // One look at the pool: remote results fetched, progress and CPU applied, chunks whose
  // taker vanished rendered here (or, once stopped, counted as cancelled).
  void PollPool(const sandbox::RenderJob& job, ChunkBoard& board);
  // The job's result from its chunks' (`stopped`: cancelled, or a chunk failed).
  SplitOutcome Conclude(const sandbox::RenderJob& job,
                        const std::vector<render::AnimationRange>& chunks,
                        std::vector<render::RenderResult>& parts, bool over_budget, bool stopped,
                        std::chrono::steady_clock::time_point started,
                        const sandbox::CancelToken& cancel);
  render::RenderResult Join(const sandbox::RenderJob& job, std::vector<render::RenderResult>& parts,
                            const sandbox::CancelToken& cancel);

  sandbox::Runner* const runner_;
  sandbox::ChunkJoiner* const joiner_;
  const std::function<int()> free_slots_;
  const render::SplitPolicy policy_;
  ChunkPool* pool_ = nullptr;
};

}  // namespace manimd::jobs
