// Watches one running sandbox: reads its log and event pipes, reports progress, and
// stops it (the whole process tree) on the wall-clock limit, the output limit, the memory
// limit or cancel. What the sandbox writes is read within a byte budget per interval, so
// a flood costs the host a bounded amount of CPU whatever the scene does.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "render/wrapper_events.h"
#include "sandbox/job_dir.h"
#include "sandbox/limits.h"
#include "sandbox/runner.h"

namespace manimd::sandbox {

enum class StopReason { kNone, kTimeout, kOutputLimit, kMemoryLimit, kCancelled };

// What the processes of one sandbox used, from the rusage of the process that reaped them.
struct ProcessUsage {
  std::int64_t cpu_ms = 0;
  std::int64_t max_rss_bytes = 0;
};

// How the watch loop learns that a sandbox ended and how it stops one: a cold sandbox's
// supervisor process (ColdExit in bwrap_runner.cc) or a fork server's job (its exit
// message on the control socket). Used from the watching thread only.
class ExitSource {
 public:
  virtual ~ExitSource() = default;
  // Becomes readable (poll) when Reap may have news.
  virtual int fd() const = 0;
  // True, with the wait status (as waitpid's) and what the sandbox's processes used, once
  // the sandbox has ended.
  virtual bool Reap(int* wait_status, ProcessUsage* usage) = 0;
  // Kills every process of the sandbox (called again if some outlive the first round).
  virtual void KillAll() = 0;
  // After the end: whatever the scene left running goes too.
  virtual void Sweep() = 0;
};

struct WatchSpec {
  ExitSource* exit = nullptr;
  int log_fd = -1;     // read end of stdout+stderr
  int events_fd = -1;  // read end of the helper's fd 3
  const JobDir* dir = nullptr;
  Limits limits;
  std::optional<uid_t> uid;  // the sandbox uid, whose processes' memory is the render's
  CpuMeter* cpu = nullptr;   // if set (with uid): the CPU the uid's processes used since start
};

inline constexpr size_t kMaxWarnings = 100;

struct WatchOutcome {
  int wait_status = 0;  // from waitpid
  StopReason stop = StopReason::kNone;
  std::optional<render::ResultEvent> result;  // the helper's verdict, if it gave one
  std::string scene;                          // the scene the helper chose, if it said
  std::vector<std::string> scenes;            // every Scene subclass the helper found, file order
  std::vector<render::Warning> warnings;      // distinct ones, in order, at most kMaxWarnings
  bool started = false;                       // the helper said so: the sandbox itself was up
  std::string log_tail;
  double seconds = 0;
  bool oom_killed = false;  // the slot's cgroup saw an OOM kill (set by the runner)
  ProcessUsage usage;       // from the exit source's Reap
};

// Blocks until the sandbox has exited and both pipes are drained. Closes neither fd.
// `on_progress` is called at most 10 times a second, plus a heartbeat every second.
WatchOutcome Watch(const WatchSpec& spec, const ProgressFn& on_progress, const CancelToken& cancel);

}  // namespace manimd::sandbox
