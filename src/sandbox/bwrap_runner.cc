// One cold render: claim a slot, make the job dir, spawn bwrap with the helper, watch it,
// judge the outcome, copy the output out, clean up.
#include "sandbox/bwrap_runner.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <optional>

#include "core/unique_fd.h"
#include "sandbox/bwrap_command.h"
#include "sandbox/helper_command.h"
#include "sandbox/job_dir.h"
#include "sandbox/render_outcome.h"
#include "sandbox/sandbox_layout.h"
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
  // The supervisor is a child subreaper that reaps every process of the sandbox, so its
  // rusage (children included, as wait4 reports it) is the whole render's.
  bool Reap(int* wait_status, ProcessUsage* usage) override {
    struct rusage ru {};
    if (wait4(pid_, wait_status, WNOHANG, &ru) != pid_) return false;
    usage->cpu_ms = (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000 +
                    (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000;
    usage->max_rss_bytes = static_cast<std::int64_t>(ru.ru_maxrss) * 1024;
    return true;
  }
  void KillAll() override {
    if (uid_) {
      KillAllOfUid(*uid_);  // bwrap and all it started; the supervisor reaps them
    } else {
      kill(-pid_, SIGKILL);  // no sandbox uid: the supervisor's group, bwrap included
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
                                                               SlotPool* slots, UidLeases* uids) {
  core::Result<std::string> seccomp = BuildSeccompProgram();
  if (!seccomp.ok()) return seccomp.status();
  return std::unique_ptr<BwrapRunner>(new BwrapRunner(std::move(options), slots, uids, *seccomp));
}

BwrapRunner::BwrapRunner(BwrapRunnerOptions options, SlotPool* slots, UidLeases* uids,
                         std::string seccomp)
    : options_(std::move(options)),
      slots_(slots),
      uids_(uids),
      seccomp_program_(std::move(seccomp)) {}

RenderResult BwrapRunner::Run(const RenderJob& job, const ProgressFn& on_progress,
                              const CancelToken& cancel) {
  auto started = std::chrono::steady_clock::now();
  RenderResult result = RunInSlot(job, on_progress, cancel);
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  result.usage.wall_ms = static_cast<std::int64_t>(result.seconds * 1000);
  return result;
}

// The cold recipe: a slot of this process, a uid of the host, a job dir, bwrap with the
// helper, the watch loop, the shared ending.
RenderResult BwrapRunner::RunInSlot(const RenderJob& job, const ProgressFn& on_progress,
                                    const CancelToken& cancel) {
  core::Result<Slot> slot = slots_->Acquire(options_.slot_wait);
  if (!slot.ok()) return Failure(ErrorKind::kInternal, slot.status().message());
  core::Result<UidLease> lease = uids_->Claim(options_.slot_wait);
  if (!lease.ok()) return Failure(ErrorKind::kInternal, lease.status().message());
  core::Result<JobDir> dir =
      JobDir::Create(options_.work_dir, lease->uid(), "scene.py", job.request.code);
  if (!dir.ok()) return Failure(ErrorKind::kInternal, dir.status().message());
  std::optional<CgroupSlot> cgroup;
  if (options_.cgroup.enabled()) {
    core::Result<CgroupSlot> cg = CgroupSlot::Prepare(
        options_.cgroup, CgroupName(lease->uid(), slot->index()), options_.limits);
    if (!cg.ok()) return Failure(ErrorKind::kInternal, cg.status().message());
    cgroup = std::move(*cg);
  }

  SandboxLayout layout = SandboxLayout::For(options_.limits);
  core::Pipe log = core::Pipe::Make(O_CLOEXEC);
  core::Pipe events = core::Pipe::Make(O_CLOEXEC);
  core::UniqueFd seccomp = MakeDataFd("manimd_seccomp", seccomp_program_);
  core::Result<std::vector<DataFile>> files = RuntimeDataFiles(layout, /*zygote=*/false);
  if (!log.read.valid() || !events.read.valid() || !seccomp.valid() || !files.ok()) {
    return Failure(ErrorKind::kInternal, "out of file descriptors");
  }
  SpawnSpec spawn;
  BwrapSpec bwrap;
  spawn.keep_fds = {events.write.get(), seccomp.get()};  // -> layout.events_fd (3), 4
  bwrap.seccomp_fd = 4;
  for (const DataFile& f : *files) {
    bwrap.data_files.emplace_back(3 + static_cast<int>(spawn.keep_fds.size()), f.path);
    spawn.keep_fds.push_back(f.fd.get());
  }
  bwrap.bwrap = options_.bwrap;
  bwrap.runtime_dir = options_.runtime_dir;
  bwrap.job_dir = dir->path();
  bwrap.command = BuildHelperCommand(job.request, layout, options_.limits.count_seconds);
  spawn.argv = BuildBwrapArgs(bwrap, layout);
  if (cgroup) spawn.cgroup_procs = cgroup->procs_files();
  spawn.uid = lease->uid();
  spawn.limits = options_.limits;
  spawn.output_fd = log.write.get();
  core::Result<pid_t> pid = Spawn(spawn);
  // Our copies of the write ends must go, or the pipes never reach EOF.
  log.write.Reset();
  events.write.Reset();
  if (!pid.ok()) return Failure(ErrorKind::kInternal, pid.status().message());

  ColdExit exit(*pid, lease->uid());
  WatchSpec watch{&exit,        log.read.get(), events.read.get(), &*dir, options_.limits,
                  lease->uid(), job.cpu};
  WatchOutcome outcome = Watch(watch, on_progress, cancel);
  outcome.oom_killed = cgroup && cgroup->OomKilled();
  return ConcludeRender(*dir, std::move(outcome), options_.limits, job);
}

}  // namespace manimd::sandbox
