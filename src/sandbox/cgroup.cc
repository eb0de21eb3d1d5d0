// cgroup v1 handling: plain file writes under /sys/fs/cgroup. v1 because that is what
// these machines have (v2 is an empty "unified" tree); no library needed for this.
#include "sandbox/cgroup.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>

namespace manimd::sandbox {
namespace {

core::Status WriteFile(const std::string& path, const std::string& value) {
  std::ofstream out(path);
  out << value;
  out.flush();
  if (!out) return core::Unavailable("cannot write " + value + " to " + path);
  return core::Status::Ok();
}

// "oom_kill N" from memory.oom_control (kernel >= 4.13); 0 when absent.
std::int64_t ReadOomKills(const std::string& memory_dir) {
  std::ifstream in(memory_dir + "/memory.oom_control");
  std::string key;
  std::int64_t value = 0;
  while (in >> key >> value) {
    if (key == "oom_kill") return value;
  }
  return 0;
}

}  // namespace

std::string CgroupName(std::optional<uid_t> uid, int slot_index) {
  if (uid) return "uid-" + std::to_string(*uid);
  return "pid-" + std::to_string(getpid()) + "-slot-" + std::to_string(slot_index);
}

core::Result<CgroupSlot> CgroupSlot::Prepare(const CgroupConfig& config, const std::string& name,
                                             const Limits& limits) {
  CgroupSlot cg;
  std::string leaf = config.parent + "/" + name;
  cg.memory_dir_ = config.root + "/memory/" + leaf;
  std::string pids_dir = config.root + "/pids/" + leaf;
  for (const std::string& dir : {cg.memory_dir_, pids_dir}) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return core::Unavailable("cgroup " + dir + ": " + ec.message());
    cg.procs_files_.push_back(dir + "/cgroup.procs");
  }
  const std::pair<std::string, std::string> writes[] = {
      {cg.memory_dir_ + "/memory.limit_in_bytes", std::to_string(limits.memory_bytes)},
      {cg.memory_dir_ + "/memory.max_usage_in_bytes", "0"},  // writing 0 resets the peak
      {cg.memory_dir_ + "/memory.failcnt", "0"},
      {pids_dir + "/pids.max", std::to_string(limits.processes)},
  };
  for (const auto& [path, value] : writes) {
    if (core::Status s = WriteFile(path, value); !s.ok()) return s;
  }
  cg.oom_kills_at_start_ = ReadOomKills(cg.memory_dir_);
  return cg;
}

bool CgroupSlot::OomKilled() const { return ReadOomKills(memory_dir_) > oom_kills_at_start_; }

int JoinCgroups(const std::vector<const char*>& procs_files) {
  // Decimal pid by hand: snprintf is not async-signal-safe.
  char digits[24];
  int n = 0;
  for (pid_t pid = getpid(); pid > 0; pid /= 10) digits[n++] = static_cast<char>('0' + pid % 10);
  char text[24];
  for (int i = 0; i < n; ++i) text[i] = digits[n - 1 - i];
  for (const char* file : procs_files) {
    int fd = open(file, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return errno;
    ssize_t w = write(fd, text, static_cast<size_t>(n));
    int err = errno;
    close(fd);
    if (w != n) return err != 0 ? err : EIO;
  }
  return 0;
}

}  // namespace manimd::sandbox
