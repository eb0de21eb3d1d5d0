// Watches one running sandbox: reads its log and event pipes, reports progress, and
// stops it (the whole process tree) on the wall-clock limit, the output limit or cancel.
#pragma once

#include <sys/types.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "render/wrapper_events.h"
#include "sandbox/job_dir.h"
#include "sandbox/limits.h"
#include "sandbox/runner.h"

namespace manimd::sandbox {

enum class StopReason { kNone, kTimeout, kOutputLimit, kMemoryLimit, kCancelled };

struct WatchSpec {
  pid_t pid = -1;      // the supervisor of the bwrap process (see Spawn)
  int log_fd = -1;     // read end of stdout+stderr
  int events_fd = -1;  // read end of the helper's fd 3
  const JobDir* dir = nullptr;
  Limits limits;
  std::optional<uid_t> uid;  // the slot uid, swept with SIGKILL when stopping
  // Fork server jobs have no process of their own to wait for: the end of the job is
  // announced on `exit_fd`, and `read_exit` (called when it is readable) returns true with
  // the wait status once it is known (or the announcer is gone). Then `pid` is unused and
  // the slot uid is not swept after the job (it would take the fork server down).
  int exit_fd = -1;
  std::function<bool(int* wait_status)> read_exit;
};

struct WatchOutcome {
  int wait_status = 0;  // from waitpid
  StopReason stop = StopReason::kNone;
  std::optional<render::ResultEvent> result;  // the helper's verdict, if it gave one
  std::string scene;                          // the scene the helper chose, if it said
  std::vector<std::string> scenes;            // every Scene subclass the helper found, file order
  std::vector<render::Warning> warnings;      // distinct ones, in order, at most kMaxWarnings
  std::string log_tail;
  double seconds = 0;
  bool oom_killed = false;  // the slot's cgroup saw an OOM kill (set by the runner)
};

inline constexpr size_t kMaxWarnings = 100;

// Blocks until the sandbox has exited and both pipes are drained. Closes neither fd.
WatchOutcome Watch(const WatchSpec& spec, const ProgressFn& on_progress, const CancelToken& cancel);

}  // namespace manimd::sandbox
