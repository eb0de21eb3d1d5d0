// ForkServerRunner: renders in children of a per-slot "zygote" that imported manim once
// (runtime/manimd_zygote.py), instead of a cold sandbox per render. Each zygote runs in
// the slot's bubblewrap sandbox under the slot's uid; each job's child isolates itself
// (own namespaces, only its job directory, no capabilities, strict seccomp). Limits and
// cancel work as for cold renders; stopping a job kills its zygote, which is started
// again for the next job. If a zygote cannot be had, the job falls back to `cold`.
#pragma once

#include <condition_variable>
#include <deque>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/unique_fd.h"
#include "metrics/metrics.h"
#include "sandbox/bwrap_runner.h"
#include "sandbox/runner.h"
#include "sandbox/slot_pool.h"
#include "sandbox/spawn.h"
#include "sandbox/uid_lease.h"

namespace manimd::sandbox {

struct ForkServerOptions {
  BwrapRunnerOptions sandbox;           // runtime, work dir, limits: as for cold renders
  int max_jobs_per_zygote = 200;        // then it is replaced (FORK_SERVER_MAX_JOBS)
  metrics::Metrics* metrics = nullptr;  // counts starts, fallbacks, recycles; may be null
};

class ForkServerRunner : public Runner {
 public:
  // `slots`, `uids` and `cold` must outlive the runner.
  static core::Result<std::unique_ptr<ForkServerRunner>> Create(ForkServerOptions options,
                                                                SlotPool* slots, UidLeases* uids,
                                                                Runner* cold);
  ~ForkServerRunner() override;

  render::RenderResult Run(const RenderJob& job, const ProgressFn& on_progress,
                           const CancelToken& cancel) override;

 private:
  struct Zygote {
    pid_t supervisor = -1;  // -1: not running
    core::UniqueFd control;
    int jobs = 0;
    UidLease lease;  // the host uid it and its jobs run as, held for the zygote's life
  };
  ForkServerRunner(ForkServerOptions options, SlotPool* slots, UidLeases* uids, Runner* cold,
                   std::string strict, std::string relaxed);
  // A live zygote in `z` (started, or started again if it died). Errors: why not.
  core::Status EnsureRunning(Zygote& z, int slot_index);
  core::Status Start(Zygote& z, int slot_index);
  void Stop(Zygote& z);  // kills it and gives its uid back
  void Count(metrics::ForkServerEvent event) const {
    if (options_.metrics != nullptr) options_.metrics->ObserveForkServer(event);
  }
  // Spawn() on the launcher thread: a zygote's supervisor dies with the thread that
  // spawned it (PR_SET_PDEATHSIG is per thread), and render workers come and go.
  core::Result<pid_t> Launch(const SpawnSpec& spec);
  // Runs `job` in zygote `z` (started if needed); nullopt when the zygote failed before
  // the job began, so the caller falls back to a cold render.
  std::optional<render::RenderResult> RunIn(Zygote& z, const Slot& slot, const RenderJob& job,
                                            const ProgressFn& on_progress,
                                            const CancelToken& cancel);
  // Watches a job `z` has taken and concludes it; nullopt when the zygote died before the
  // job began.
  std::optional<render::RenderResult> Finish(Zygote& z, const Slot& slot, const RenderJob& job,
                                             const JobDir& dir, core::Pipe& log, core::Pipe& events,
                                             const ProgressFn& on_progress,
                                             const CancelToken& cancel);

  const ForkServerOptions options_;
  SlotPool* const slots_;
  UidLeases* const uids_;
  Runner* const cold_;
  const std::string strict_program_;   // what each job's child applies
  const std::string relaxed_program_;  // the zygote's own (allows its children's unshare)
  // One per slot. A slot is held by one Run at a time, and only its holder touches its
  // zygote, so no lock is needed; the destructor stops them all.
  std::vector<Zygote> zygotes_;

  std::mutex launch_mu_;
  std::condition_variable launch_cv_;
  std::deque<std::packaged_task<core::Result<pid_t>()>> launches_;  // guarded by launch_mu_
  bool launcher_stopping_ = false;                                  // guarded by launch_mu_
  std::thread launcher_;  // started last, joined in the destructor after the zygotes stop
};

}  // namespace manimd::sandbox
