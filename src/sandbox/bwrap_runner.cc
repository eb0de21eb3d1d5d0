// One cold render: claim a slot, make the job dir, spawn bwrap with the helper, watch it,
// judge the outcome, copy the output out, clean up.
#include "sandbox/bwrap_runner.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <optional>

#include "core/unique_fd.h"
#include "render/manim_args.h"
#include "render/render_helper.h"
#include "sandbox/bwrap_command.h"
#include "sandbox/job_dir.h"
#include "sandbox/render_outcome.h"
#include "sandbox/seccomp_filter.h"
#include "sandbox/spawn.h"
#include "sandbox/verdict.h"
#include "sandbox/watch.h"

namespace manimd::sandbox {
namespace {

using render::ErrorKind;
using render::RenderResult;

RenderResult Failure(ErrorKind kind, std::string message, std::string log_tail = "") {
  RenderResult result;
  result.error = render::RenderError::Of(kind, std::move(message), "", std::move(log_tail));
  return result;
}

// A cold sandbox ends when its supervisor process does; a pidfd makes that a poll event,
// so the end of a render is seen at once rather than at the next poll timeout.
class ColdExit : public ExitSource {
 public:
  ColdExit(pid_t supervisor, std::optional<uid_t> uid)
      : pid_(supervisor), uid_(uid), pid_fd_(static_cast<int>(syscall(SYS_pidfd_open, pid_, 0))) {}
  int fd() const override { return pid_fd_.get(); }
  bool Reap(int* wait_status) override { return waitpid(pid_, wait_status, WNOHANG) == pid_; }
  void KillAll() override {
    if (uid_) {
      KillAllOfUid(*uid_);  // bwrap and all it started; the supervisor reaps them
    } else {
      kill(-pid_, SIGKILL);  // no slot uid: the supervisor's group, bwrap included
    }
  }
  void Sweep() override {
    if (uid_) KillAllOfUid(*uid_);
  }

 private:
  pid_t pid_;
  std::optional<uid_t> uid_;
  core::UniqueFd pid_fd_;
};

}  // namespace

core::Result<std::unique_ptr<BwrapRunner>> BwrapRunner::Create(BwrapRunnerOptions options,
                                                               SlotPool* slots) {
  core::Result<std::string> seccomp = BuildSeccompProgram();
  if (!seccomp.ok()) return seccomp.status();
  return std::unique_ptr<BwrapRunner>(new BwrapRunner(std::move(options), slots, *seccomp));
}

BwrapRunner::BwrapRunner(BwrapRunnerOptions options, SlotPool* slots, std::string seccomp)
    : options_(std::move(options)), slots_(slots), seccomp_program_(std::move(seccomp)) {}

RenderResult BwrapRunner::Run(const RenderJob& job, const ProgressFn& on_progress,
                              const CancelToken& cancel) {
  auto started = std::chrono::steady_clock::now();
  RenderResult result = RunInSlot(job, on_progress, cancel);
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

RenderResult BwrapRunner::RunInSlot(const RenderJob& job, const ProgressFn& on_progress,
                                    const CancelToken& cancel) {
  core::Result<Slot> slot = slots_->Acquire(options_.slot_wait);
  if (!slot.ok()) return Failure(ErrorKind::kInternal, slot.status().message());
  core::Result<JobDir> dir =
      JobDir::Create(options_.work_dir, slot->uid(), "scene.py", job.request.code);
  if (!dir.ok()) return Failure(ErrorKind::kInternal, dir.status().message());
  std::optional<CgroupSlot> cgroup;
  if (options_.cgroup.enabled()) {
    core::Result<CgroupSlot> cg =
        CgroupSlot::Prepare(options_.cgroup, slot->index(), options_.limits);
    if (!cg.ok()) return Failure(ErrorKind::kInternal, cg.status().message());
    cgroup = std::move(*cg);
  }

  core::Pipe log = core::Pipe::Make(O_CLOEXEC);
  core::Pipe events = core::Pipe::Make(O_CLOEXEC);
  core::UniqueFd helper(MakeDataFd("manimd_render.py", render::kRenderHelperSource));
  core::UniqueFd seccomp(MakeDataFd("manimd_seccomp", seccomp_program_));
  core::UniqueFd compat(MakeDataFd("manimd_compat.py", render::kCompatSource));
  core::UniqueFd hints(MakeDataFd("manimd_hints.py", render::kHintsSource));
  if (!log.read.valid() || !events.read.valid() || !helper.valid() || !seccomp.valid() ||
      !compat.valid() || !hints.valid()) {
    return Failure(ErrorKind::kInternal, "out of file descriptors");
  }

  BwrapSpec bwrap;
  bwrap.bwrap = options_.bwrap;
  bwrap.runtime_dir = options_.runtime_dir;
  bwrap.job_dir = dir->path();
  bwrap.helper_fd = 4;  // keep_fds below: events -> 3, helper -> 4, seccomp -> 5, compat -> 6
  bwrap.seccomp_fd = 5;
  bwrap.compat_fd = 6;
  bwrap.hints_fd = 7;
  bwrap.command = render::BuildHelperCommand(job.request, render::SandboxLayout{},
                                             options_.limits.count_seconds);
  SpawnSpec spawn;
  spawn.argv = BuildBwrapArgs(bwrap, options_.limits);
  if (cgroup) spawn.cgroup_procs = cgroup->procs_files();
  spawn.uid = slot->uid();
  spawn.limits = options_.limits;
  spawn.output_fd = log.write.get();
  spawn.keep_fds = {events.write.get(), helper.get(), seccomp.get(), compat.get(), hints.get()};
  core::Result<pid_t> pid = Spawn(spawn);
  // Our copies of the write ends must go, or the pipes never reach EOF.
  log.write.Reset();
  events.write.Reset();
  if (!pid.ok()) return Failure(ErrorKind::kInternal, pid.status().message());

  ColdExit exit(*pid, slot->uid());
  WatchSpec watch{&exit, log.read.get(), events.read.get(), &*dir, options_.limits, slot->uid()};
  WatchOutcome outcome = Watch(watch, on_progress, cancel);
  outcome.oom_killed = cgroup && cgroup->OomKilled();
  return ConcludeRender(*dir, std::move(outcome), options_.limits, job);
}

}  // namespace manimd::sandbox
