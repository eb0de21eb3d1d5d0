// One cold render: claim a slot, make the job dir, spawn bwrap with the helper, watch it,
// judge the outcome, copy the output out, clean up.
#include "sandbox/bwrap_runner.h"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <optional>

#include "core/unique_fd.h"
#include "render/manim_args.h"
#include "render/render_helper.h"
#include "sandbox/bwrap_command.h"
#include "sandbox/job_dir.h"
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

std::string Extension(const std::string& path) {
  size_t slash = path.rfind('/');
  size_t dot = path.rfind('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  return path.substr(dot + 1);
}

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
  if (!log.read.valid() || !events.read.valid() || !helper.valid() || !seccomp.valid() ||
      !compat.valid()) {
    return Failure(ErrorKind::kInternal, "out of file descriptors");
  }

  BwrapSpec bwrap;
  bwrap.bwrap = options_.bwrap;
  bwrap.runtime_dir = options_.runtime_dir;
  bwrap.job_dir = dir->path();
  bwrap.helper_fd = 4;  // keep_fds below: events -> 3, helper -> 4, seccomp -> 5, compat -> 6
  bwrap.seccomp_fd = 5;
  bwrap.compat_fd = 6;
  bwrap.command = render::BuildHelperCommand(job.request, render::SandboxLayout{},
                                             options_.limits.count_seconds);
  SpawnSpec spawn;
  spawn.argv = BuildBwrapArgs(bwrap, options_.limits);
  if (cgroup) spawn.cgroup_procs = cgroup->procs_files();
  spawn.uid = slot->uid();
  spawn.limits = options_.limits;
  spawn.output_fd = log.write.get();
  spawn.keep_fds = {events.write.get(), helper.get(), seccomp.get(), compat.get()};
  core::Result<pid_t> pid = Spawn(spawn);
  // Our copies of the write ends must go, or the pipes never reach EOF.
  log.write.Reset();
  events.write.Reset();
  if (!pid.ok()) return Failure(ErrorKind::kInternal, pid.status().message());

  WatchSpec watch{*pid, log.read.get(), events.read.get(), &*dir, options_.limits, slot->uid(), -1,
                  {}};
  WatchOutcome outcome = Watch(watch, on_progress, cancel);
  outcome.oom_killed = cgroup && cgroup->OomKilled();
  return Conclude(*dir, outcome, options_.limits, job.output_dir);
}

RenderResult BwrapRunner::Conclude(const JobDir& dir, const WatchOutcome& outcome,
                                   const Limits& limits, const std::string& output_dir) {
  Verdict verdict = Judge(outcome, limits);
  RenderResult r;
  if (verdict.error) {
    r.error = std::move(verdict.error);
  } else {
    r = CollectOutput(dir, verdict, output_dir, outcome.log_tail);
    if (r.output) r.output->scenes_in_file = outcome.scenes;
  }
  r.warnings = outcome.warnings;
  return r;
}

RenderResult BwrapRunner::CollectOutput(const JobDir& dir, const Verdict& verdict,
                                        const std::string& output_dir,
                                        const std::string& log_tail) {
  std::string relative = verdict.output_path.substr(std::string("/job/").size());
  std::string extension = Extension(relative);
  // Both come from the sandbox and end up in a host path: accept only plain names.
  if (!render::IsSceneName(verdict.scene) || !render::IsSceneName(extension)) {
    return Failure(ErrorKind::kPythonError, "the render reported a malformed output name",
                   log_tail);
  }
  std::string dest = output_dir + "/" + verdict.scene + "." + extension;
  core::Result<std::int64_t> bytes = dir.CopyOut(relative, dest);
  if (!bytes.ok()) {
    // InvalidArgument: the scene tampered with its output (a symlink, a directory).
    ErrorKind kind = bytes.status().code() == core::Code::kInvalidArgument ? ErrorKind::kPythonError
                                                                           : ErrorKind::kInternal;
    return Failure(kind, bytes.status().message(), log_tail);
  }
  RenderResult r;
  r.output = render::RenderOutput{dest, verdict.scene, extension, *bytes, {}};
  return r;
}

}  // namespace manimd::sandbox
