// Verdicts. The helper's own classification is trusted only for kinds it can know
// (python_error, memory_limit, ...); a sandbox path outside /job/ is never accepted.
#include "sandbox/verdict.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include <string>

namespace manimd::sandbox {
namespace {

using render::ErrorKind;

render::RenderError Error(ErrorKind kind, std::string message, const WatchOutcome& o,
                          std::string traceback = "") {
  return render::RenderError::Of(kind, std::move(message), std::move(traceback), o.log_tail);
}

std::string Mb(std::int64_t bytes) { return std::to_string(bytes >> 20) + " MB"; }

// The signal the sandboxed process died of: bwrap (and the fork server's child) exit
// 128+N for it. Exit statuses past 128+SIGRTMAX are the scene's own os._exit() codes.
int DeathSignal(int wait_status) {
  if (WIFSIGNALED(wait_status)) return WTERMSIG(wait_status);
  if (WIFEXITED(wait_status) && WEXITSTATUS(wait_status) > 128 &&
      WEXITSTATUS(wait_status) - 128 <= SIGRTMAX) {
    return WEXITSTATUS(wait_status) - 128;
  }
  return 0;
}

}  // namespace

// sigabbrev_np() knows only the classic signals (NULL past 31): real-time ones are named
// by their offset, anything else by number.
std::string SignalName(int sig) {
  if (sig > 0 && sig < SIGRTMIN) {
    if (const char* abbrev = sigabbrev_np(sig)) return std::string("SIG") + abbrev;
  }
  if (sig >= SIGRTMIN && sig <= SIGRTMAX) return "SIGRTMIN+" + std::to_string(sig - SIGRTMIN);
  return "signal " + std::to_string(sig);
}

namespace {

std::optional<render::RenderError> FromStop(const WatchOutcome& o, const Limits& l) {
  switch (o.stop) {
    case StopReason::kNone:
      return std::nullopt;
    case StopReason::kCancelled:
      return Error(ErrorKind::kCancelled, "render cancelled", o);
    case StopReason::kTimeout:
      return Error(ErrorKind::kTimeout,
                   "time limit reached: the render ran past " + std::to_string(l.wall_seconds) +
                       " s and was stopped",
                   o);
    case StopReason::kMemoryLimit:
      return Error(ErrorKind::kMemoryLimit,
                   "memory limit reached: the render's processes together held more than " +
                       Mb(l.memory_bytes) + " of memory and were stopped",
                   o);
    case StopReason::kOutputLimit:
      return Error(ErrorKind::kOutputLimit,
                   "output limit reached: the job's files grew past " + Mb(l.output_bytes), o);
  }
  return std::nullopt;
}

}  // namespace

namespace {

// What the helper's verdict says, checked: paths only under /job/, kinds only those the
// helper can know.
Verdict FromResult(const WatchOutcome& o, const Limits& l) {
  Verdict v;
  v.scene = o.scene;
  const render::ResultEvent& r = *o.result;
  if (r.ok && r.validated) {
    v.validated = true;
    if (!r.scene.empty()) v.scene = r.scene;
    return v;
  }
  if (r.ok) {
    if (r.path.rfind("/job/", 0) != 0 || r.path.find("/../") != std::string::npos) {
      v.error = Error(ErrorKind::kPythonError,
                      "the render reported an output outside its job directory: " + r.path, o);
      return v;
    }
    v.output_path = r.path;
    if (!r.scene.empty()) v.scene = r.scene;
    return v;
  }
  std::optional<ErrorKind> kind = render::ParseErrorKind(r.kind);
  // The helper may not claim our own stop reasons, which it cannot know, nor our own
  // faults: the scene shares its process and could forge any of them.
  if (!kind || *kind == ErrorKind::kCancelled || *kind == ErrorKind::kTimeout ||
      *kind == ErrorKind::kStorageError || *kind == ErrorKind::kInternal) {
    kind = ErrorKind::kPythonError;
  }
  std::string message = r.message.empty() ? "the scene failed" : r.message;
  if (*kind == ErrorKind::kMemoryLimit) message += " (" + Mb(l.memory_bytes) + ")";
  if (*kind == ErrorKind::kProcessLimit) message += " (" + std::to_string(l.processes) + ")";
  if (*kind == ErrorKind::kOutputLimit) message += " (" + Mb(l.output_bytes) + ")";
  v.error = Error(*kind, message, o, r.traceback);
  v.error->location = r.location;
  v.error->hint = r.hint;
  return v;
}

// No verdict from the helper: how the process ended says what happened.
render::RenderError FromDeath(const WatchOutcome& o, const Limits& l) {
  int sig = DeathSignal(o.wait_status);
  if (sig == SIGXCPU) {
    return Error(ErrorKind::kTimeout,
                 "CPU time limit reached: a process of the render used more than " +
                     std::to_string(l.cpu_seconds) + " s of CPU",
                 o);
  }
  if (sig == SIGXFSZ) {
    return Error(ErrorKind::kOutputLimit,
                 "output limit reached: a file grew past " + Mb(l.output_bytes), o);
  }
  if (sig != 0) {
    bool native_crash = sig == SIGSEGV || sig == SIGABRT || sig == SIGBUS;
    return Error(ErrorKind::kPythonError,
                 "the render process was killed by signal " + SignalName(sig) +
                     (native_crash ? " (often a native library running out of the " +
                                         Mb(l.memory_bytes) + " memory limit)"
                                   : ""),
                 o);
  }
  // Only before the helper said it started can bwrap's own complaint be ours: after that,
  // anything in the log may be the scene's.
  if (!o.started && o.log_tail.find("bwrap:") != std::string::npos) {
    return Error(ErrorKind::kInternal, "the sandbox failed to start", o);
  }
  // The helper always reports before exiting, unless the scene cut it short.
  return Error(ErrorKind::kPythonError,
               "the render exited (status " +
                   std::to_string(WIFEXITED(o.wait_status) ? WEXITSTATUS(o.wait_status) : -1) +
                   ") without a result; did the scene call os._exit() or close fd 3?",
               o);
}

}  // namespace

Verdict Judge(const WatchOutcome& o, const Limits& l) {
  Verdict v;
  v.scene = o.scene;
  if (auto stopped = FromStop(o, l)) {
    v.error = std::move(stopped);
    return v;
  }
  // The cgroup's OOM killer explains any failure that follows it (a killed child, a
  // crash, no result); a render that succeeded anyway stands.
  if (o.oom_killed && !(o.result && o.result->ok)) {
    v.error = Error(ErrorKind::kMemoryLimit,
                    "memory limit reached: the render's processes together used more than " +
                        Mb(l.memory_bytes) + " and one was killed",
                    o);
    return v;
  }
  if (o.result) return FromResult(o, l);
  v.error = FromDeath(o, l);
  return v;
}

}  // namespace manimd::sandbox
