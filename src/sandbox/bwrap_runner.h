// BwrapRunner: the cold Runner. Each render gets a fresh bubblewrap sandbox running the
// embedded helper under python3 -I; manim is imported anew every time (~0.9 s).
#pragma once

#include <memory>
#include <string>

#include "sandbox/cgroup.h"
#include "sandbox/job_dir.h"
#include "sandbox/limits.h"
#include "sandbox/runner.h"
#include "sandbox/slot_pool.h"
#include "sandbox/uid_lease.h"
#include "sandbox/verdict.h"
#include "sandbox/watch.h"

namespace manimd::sandbox {

struct BwrapRunnerOptions {
  std::string runtime_dir;  // a tree CheckRuntime() accepted
  std::string work_dir;     // where job directories are made
  std::string bwrap = "/usr/bin/bwrap";
  Limits limits;
  CgroupConfig cgroup;  // optional extra; disabled by default
  std::chrono::milliseconds slot_wait{std::chrono::minutes(10)};
};

class BwrapRunner : public Runner {
 public:
  // `slots` and `uids` must outlive the runner. Internal when the seccomp program cannot
  // be built.
  static core::Result<std::unique_ptr<BwrapRunner>> Create(BwrapRunnerOptions options,
                                                           SlotPool* slots, UidLeases* uids);
  render::RenderResult Run(const RenderJob& job, const ProgressFn& on_progress,
                           const CancelToken& cancel) override;

 private:
  BwrapRunner(BwrapRunnerOptions options, SlotPool* slots, UidLeases* uids,
              std::string seccomp_program);
  render::RenderResult RunInSlot(const RenderJob& job, const ProgressFn& on_progress,
                                 const CancelToken& cancel);

  BwrapRunnerOptions options_;
  SlotPool* slots_;
  UidLeases* uids_;
  std::string seccomp_program_;  // compiled once; each sandbox reads it from a fresh memfd
};

}  // namespace manimd::sandbox
