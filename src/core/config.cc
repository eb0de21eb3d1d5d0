// Config parsing: every variable, its default and its valid range in one table.
#include "core/config.h"

#include <unistd.h>

#include <charconv>
#include <functional>
#include <thread>

#include "core/build_info.h"

namespace manimd::core {
namespace {

// Parses env[name] into *out if present; the range check names the variable.
Status ReadInt(const EnvMap& env, const char* name, long long min, long long max, auto* out) {
  auto it = env.find(name);
  if (it == env.end() || it->second.empty()) return Status::Ok();
  const std::string& text = it->second;
  long long value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value < min || value > max) {
    return InvalidArgument(std::string(name) + " must be an integer from " + std::to_string(min) +
                           " to " + std::to_string(max) + " (got \"" + text + "\")");
  }
  *out = static_cast<std::remove_reference_t<decltype(*out)>>(value);
  return Status::Ok();
}

std::string ReadString(const EnvMap& env, const char* name, const std::string& fallback) {
  auto it = env.find(name);
  return it == env.end() || it->second.empty() ? fallback : it->second;
}

}  // namespace

const std::vector<ConfigVar>& ConfigVars() {
  static const std::vector<ConfigVar> kVars = {
      {"MANIMD_RUNTIME_DIR", "render runtime tree (default: compiled-in cache path)"},
      {"MANIMD_WORK_DIR", "where job directories are made (default: $TMPDIR or /tmp)"},
      {"MANIMD_RUN_DIR", "slot lock files (default: /run/manimd as root)"},
      {"SANDBOX_UID_BASE", "slot i runs as uid base+i (default 200000)"},
      {"MAX_CONCURRENT_RENDERS", "render slots (default: number of cores)"},
      {"RENDER_TIMEOUT_S", "wall-clock limit per render, seconds (default 300)"},
      {"RENDER_CPU_S", "CPU seconds per process (default: twice the timeout)"},
      {"RENDER_MEMORY_MB", "memory per process and for all together (default 4096)"},
      {"RENDER_PIDS", "processes and threads per render (default 128)"},
      {"RENDER_OUTPUT_MB", "job directory total and any one file (default 1024)"},
      {"RENDER_COUNT_S", "animation-counting budget, seconds; 0 = off (default 10)"},
      {"RENDER_CGROUP", "cgroup v1 group delegated to manimd (default: none)"},
      {"MANIMD_CGROUP_ROOT", "where the cgroup v1 hierarchies are (default /sys/fs/cgroup)"},
      {"MAX_CODE_BYTES", "largest scene source accepted (default 262144)"},
  };
  return kVars;
}

std::string FlagName(std::string_view var) {
  std::string flag = "--";
  for (char c : var) flag += c == '_' ? '-' : static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return flag;
}

Result<Config> LoadConfig(const EnvMap& env) {
  Config c;
  unsigned cores = std::thread::hardware_concurrency();
  c.max_concurrent_renders = cores > 0 ? static_cast<int>(cores) : 1;
  c.runtime_dir = ReadString(env, "MANIMD_RUNTIME_DIR", kDefaultRuntimeDir);
  c.cgroup_root = ReadString(env, "MANIMD_CGROUP_ROOT", "/sys/fs/cgroup");
  c.cgroup_parent = ReadString(env, "RENDER_CGROUP", "");
  if (!c.cgroup_parent.empty() &&
      (c.cgroup_parent.find("..") != std::string::npos || c.cgroup_parent.front() == '/')) {
    return InvalidArgument(
        "RENDER_CGROUP must be a group name under each controller, like "
        "\"manimd\" (got \"" +
        c.cgroup_parent + "\")");
  }
  std::string tmp = ReadString(env, "TMPDIR", "/tmp");
  c.work_dir = ReadString(env, "MANIMD_WORK_DIR", tmp);
  // Slot locks must be shared by every manimd on the machine: one well-known place for
  // root (which runs sandboxes under slot uids), a per-user one otherwise.
  c.run_dir = ReadString(env, "MANIMD_RUN_DIR",
                         geteuid() == 0 ? std::string("/run/manimd")
                                        : tmp + "/manimd-run-" + std::to_string(geteuid()));

  const std::function<Status()> steps[] = {
      [&] { return ReadInt(env, "SANDBOX_UID_BASE", 1000, 2000000000, &c.sandbox_uid_base); },
      [&] { return ReadInt(env, "MAX_CONCURRENT_RENDERS", 1, 256, &c.max_concurrent_renders); },
      [&] { return ReadInt(env, "RENDER_TIMEOUT_S", 1, 86400, &c.render_timeout_s); },
      [&] { return ReadInt(env, "RENDER_CPU_S", 0, 172800, &c.render_cpu_s); },
      [&] { return ReadInt(env, "RENDER_MEMORY_MB", 256, 1 << 20, &c.render_memory_mb); },
      [&] { return ReadInt(env, "RENDER_PIDS", 16, 100000, &c.render_pids); },
      [&] { return ReadInt(env, "RENDER_OUTPUT_MB", 1, 1 << 20, &c.render_output_mb); },
      [&] { return ReadInt(env, "RENDER_COUNT_S", 0, 3600, &c.render_count_s); },
      [&] { return ReadInt(env, "MAX_CODE_BYTES", 1, 64LL << 20, &c.max_code_bytes); },
  };
  for (const auto& step : steps) {
    if (Status s = step(); !s.ok()) return s;
  }
  return c;
}

}  // namespace manimd::core
