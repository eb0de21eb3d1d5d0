// Limit mapping. RLIMIT_NPROC counts every process of the real uid across namespaces,
// which is why each concurrent render slot gets its own uid (see slot_pool.h).
#include "sandbox/limits.h"

#include <sys/resource.h>

#include <cerrno>

namespace manimd::sandbox {

Limits Limits::FromConfig(const core::Config& config) {
  Limits l;
  l.wall_seconds = config.render_timeout_s;
  l.cpu_seconds = config.effective_cpu_s();
  l.memory_bytes = static_cast<std::int64_t>(config.render_memory_mb) << 20;
  l.processes = config.render_pids;
  l.output_bytes = static_cast<std::int64_t>(config.render_output_mb) << 20;
  l.count_seconds = config.render_count_s;
  return l;
}

int ApplyRlimits(const Limits& limits) {
  struct Item {
    int resource;
    rlim_t value;
  };
  // The CPU hard limit sits a little above the soft one so SIGXCPU (catchable, reported as
  // a timeout) comes first and SIGKILL only for a process that ignores it.
  const Item items[] = {
      {RLIMIT_AS, static_cast<rlim_t>(limits.memory_bytes)},
      {RLIMIT_NPROC, static_cast<rlim_t>(limits.processes)},
      {RLIMIT_FSIZE, static_cast<rlim_t>(limits.output_bytes)},
      {RLIMIT_NOFILE, static_cast<rlim_t>(limits.open_files)},
      {RLIMIT_CORE, 0},
  };
  for (const Item& item : items) {
    rlimit rl{item.value, item.value};
    if (setrlimit(item.resource, &rl) != 0) return errno;
  }
  rlimit cpu{static_cast<rlim_t>(limits.cpu_seconds), static_cast<rlim_t>(limits.cpu_seconds) + 5};
  if (setrlimit(RLIMIT_CPU, &cpu) != 0) return errno;
  return 0;
}

}  // namespace manimd::sandbox
