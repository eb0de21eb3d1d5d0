// One cold render: claim a slot, make the job dir, spawn bwrap with the helper, watch it,
// judge the outcome, copy the output out, clean up.
#include "sandbox/bwrap_runner.h"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <optional>

#include "render/manim_args.h"
#include "render/render_helper.h"
#include "sandbox/bwrap_command.h"
#include "sandbox/job_dir.h"
#include "sandbox/spawn.h"
#include "sandbox/verdict.h"
#include "sandbox/watch.h"

namespace manimd::sandbox {
namespace {

using render::ErrorKind;
using render::RenderResult;

RenderResult Failure(ErrorKind kind, std::string message, std::string log_tail = "") {
  RenderResult result;
  result.error = render::RenderError{kind, std::move(message), "", std::move(log_tail)};
  return result;
}

// Closes the fds it holds on scope exit.
struct Fds {
  std::vector<int> fds;
  ~Fds() {
    for (int fd : fds) {
      if (fd >= 0) close(fd);
    }
  }
};

std::string Extension(const std::string& path) {
  size_t slash = path.rfind('/');
  size_t dot = path.rfind('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  return path.substr(dot + 1);
}

}  // namespace

BwrapRunner::BwrapRunner(BwrapRunnerOptions options, SlotPool* slots)
    : options_(std::move(options)), slots_(slots) {}

RenderResult BwrapRunner::Run(const RenderJob& job, const ProgressFn& on_progress,
                              const CancelToken& cancel) {
  auto started = std::chrono::steady_clock::now();
  auto finish = [&](RenderResult r) {
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return r;
  };
  core::Result<Slot> slot = slots_->Acquire(options_.slot_wait);
  if (!slot.ok()) return finish(Failure(ErrorKind::kInternal, slot.status().message()));

  render::SandboxLayout layout;
  core::Result<JobDir> dir =
      JobDir::Create(options_.work_dir, slot->uid(), "scene.py", job.request.code);
  if (!dir.ok()) return finish(Failure(ErrorKind::kInternal, dir.status().message()));

  int log_pipe[2], event_pipe[2];
  if (pipe2(log_pipe, O_CLOEXEC) != 0) return finish(Failure(ErrorKind::kInternal, "pipe failed"));
  Fds log_fds{{log_pipe[0], log_pipe[1]}};
  if (pipe2(event_pipe, O_CLOEXEC) != 0)
    return finish(Failure(ErrorKind::kInternal, "pipe failed"));
  Fds event_fds{{event_pipe[0], event_pipe[1]}};
  Fds helper{{MakeDataFd("manimd_render.py", render::kRenderHelperSource)}};
  if (helper.fds[0] < 0) return finish(Failure(ErrorKind::kInternal, "memfd_create failed"));

  BwrapSpec bwrap;
  bwrap.bwrap = options_.bwrap;
  bwrap.runtime_dir = options_.runtime_dir;
  bwrap.job_dir = dir->path();
  bwrap.helper_fd = 4;  // keep_fds below: events -> 3, helper -> 4
  bwrap.command = render::BuildHelperCommand(job.request, layout, options_.limits.count_seconds);

  std::optional<CgroupSlot> cgroup;
  if (options_.cgroup.enabled()) {
    core::Result<CgroupSlot> cg =
        CgroupSlot::Prepare(options_.cgroup, slot->index(), options_.limits);
    if (!cg.ok()) return finish(Failure(ErrorKind::kInternal, cg.status().message()));
    cgroup = std::move(*cg);
  }

  SpawnSpec spawn;
  spawn.argv = BuildBwrapArgs(bwrap, options_.limits);
  if (cgroup) spawn.cgroup_procs = cgroup->procs_files();
  spawn.uid = slot->uid();
  spawn.limits = options_.limits;
  spawn.output_fd = log_pipe[1];
  spawn.keep_fds = {event_pipe[1], helper.fds[0]};
  core::Result<pid_t> pid = Spawn(spawn);
  // Our copies of the write ends must go, or the pipes never reach EOF.
  close(log_pipe[1]);
  log_fds.fds[1] = -1;
  close(event_pipe[1]);
  event_fds.fds[1] = -1;
  if (!pid.ok()) return finish(Failure(ErrorKind::kInternal, pid.status().message()));

  WatchSpec watch{*pid, log_pipe[0], event_pipe[0], &*dir, options_.limits, slot->uid()};
  WatchOutcome outcome = Watch(watch, on_progress, cancel);
  outcome.oom_killed = cgroup && cgroup->OomKilled();
  Verdict verdict = Judge(outcome, options_.limits);
  if (verdict.error) {
    RenderResult r;
    r.error = std::move(verdict.error);
    return finish(std::move(r));
  }

  std::string relative = verdict.output_path.substr(std::string("/job/").size());
  std::string extension = Extension(relative);
  // Both come from the sandbox and end up in a host path: accept only plain names.
  if (!render::IsSceneName(verdict.scene) || !render::IsSceneName(extension)) {
    return finish(Failure(ErrorKind::kInternal, "the render reported a malformed output name",
                          outcome.log_tail));
  }
  std::string dest = job.output_dir + "/" + verdict.scene + "." + extension;
  core::Result<std::int64_t> bytes = dir->CopyOut(relative, dest);
  if (!bytes.ok()) {
    // InvalidArgument: the scene tampered with its output (a symlink, a directory).
    ErrorKind kind = bytes.status().code() == core::Code::kInvalidArgument ? ErrorKind::kPythonError
                                                                           : ErrorKind::kInternal;
    return finish(Failure(kind, bytes.status().message(), outcome.log_tail));
  }
  RenderResult r;
  r.output = render::RenderOutput{dest, verdict.scene, extension, *bytes};
  return finish(std::move(r));
}

}  // namespace manimd::sandbox
