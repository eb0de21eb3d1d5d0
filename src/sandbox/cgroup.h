// The optional cgroup extra: when configured (RENDER_CGROUP), each render slot also gets
// a v1 memory and pids group, so the render's processes *together* are held to
// RENDER_MEMORY_MB of resident memory (tmpfs included) and RENDER_PIDS processes. The
// rlimits hold without it; this closes what they cannot: many processes each under
// RLIMIT_AS adding up past the host's memory.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "sandbox/limits.h"

namespace manimd::sandbox {

struct CgroupConfig {
  std::string root = "/sys/fs/cgroup";  // where the v1 hierarchies are mounted
  std::string parent;                   // the group delegated to manimd, e.g. "manimd"
  bool enabled() const { return !parent.empty(); }
};

class CgroupSlot {
 public:
  // Creates (or reuses) <root>/{memory,pids}/<parent>/<name>, sets its limits and resets
  // its counters. Unavailable when the controllers are missing or not writable.
  static core::Result<CgroupSlot> Prepare(const CgroupConfig& config, const std::string& name,
                                          const Limits& limits);

  // The cgroup.procs files a process writes its pid to, to join; see JoinCgroups.
  const std::vector<std::string>& procs_files() const { return procs_files_; }
  // True when the kernel's OOM killer killed a process of this group since Prepare.
  bool OomKilled() const;

 private:
  std::string memory_dir_;
  std::vector<std::string> procs_files_;
  std::int64_t oom_kills_at_start_ = 0;
};

// The group of the sandbox that runs as `uid` ("uid-200001"): uids are claimed host-wide,
// so two manimd processes never share one. Without sandbox uids (not root), per process slot.
std::string CgroupName(std::optional<uid_t> uid, int slot_index);

// Writes the calling process's pid to each file. Async-signal-safe (for use between
// fork and exec); returns 0 or the failing errno.
int JoinCgroups(const std::vector<const char*>& procs_files);

}  // namespace manimd::sandbox
