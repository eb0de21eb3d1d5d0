// Resource limits of one render and how they become setrlimit calls. Every limit here
// holds with setrlimit alone (no cgroup needed); docs/sandbox.md says which is which.
#pragma once

#include <cstdint>

#include "core/config.h"

namespace manimd::sandbox {

struct Limits {
  int wall_seconds = 300;                 // enforced by the runner's clock, not by rlimit
  int cpu_seconds = 600;                  // RLIMIT_CPU, per process
  std::int64_t memory_bytes = 4LL << 30;  // RLIMIT_AS, per process
  int processes = 128;                    // RLIMIT_NPROC for the slot's own uid
  std::int64_t output_bytes = 1LL << 30;  // RLIMIT_FSIZE per file; the runner polls the total
  int open_files = 1024;                  // RLIMIT_NOFILE
  int count_seconds = 10;                 // budget of the helper's animation-counting pass

  static Limits FromConfig(const core::Config& config);
};

// Sets every rlimit of `limits` on the calling process; returns 0 or the failing errno.
// Async-signal-safe: made to run between fork() and exec().
int ApplyRlimits(const Limits& limits);

}  // namespace manimd::sandbox
