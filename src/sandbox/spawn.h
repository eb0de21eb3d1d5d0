// Starts a sandbox process: fork, give it its fds, rlimits and unprivileged uid, exec.
// Also the last-resort cleanup that kills every process a sandbox uid still has.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/unique_fd.h"
#include "sandbox/limits.h"

namespace manimd::sandbox {

inline constexpr size_t kMaxKeptFds = 16;

struct SpawnSpec {
  std::vector<std::string> argv;  // argv[0] is an absolute path; the environment is empty
  std::optional<uid_t> uid;       // switch to this uid/gid (no supplementary groups)
  Limits limits;
  int output_fd = -1;                     // becomes stdout and stderr
  std::vector<int> keep_fds;              // become fds 3, 4, ... in order; at most kMaxKeptFds
  std::vector<std::string> cgroup_procs;  // cgroup.procs files argv's process joins
};

// Starts a supervisor process (still our uid, a child subreaper) that runs argv as a
// child of its own under `uid` and reaps every descendant before exiting with argv's exit
// status (128+N if it died of signal N). Returns the supervisor's pid. Both get SIGKILL
// when their parent dies (PR_SET_PDEATHSIG); stdin is /dev/null. Thread-safe.
core::Result<pid_t> Spawn(const SpawnSpec& spec);

// Kills every process running as `uid` (a fork that takes the uid and calls kill(-1)).
// REQUIRES: uid is a sandbox uid nobody else uses; never a real user's.
void KillAllOfUid(uid_t uid);

// A sealed (no write, grow or shrink) memfd holding `content`, offset 0; invalid on
// failure.
core::UniqueFd MakeDataFd(const char* name, const std::string& content);

}  // namespace manimd::sandbox
