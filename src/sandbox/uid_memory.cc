// /proc scanning. /proc/<pid>'s owner is the process's effective uid; smaps_rollup gives
// proportional sizes in kB. Processes that exit mid-scan are skipped.
#include "sandbox/uid_memory.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>

namespace manimd::sandbox {
namespace {

std::int64_t ProcessMemory(const std::string& base) {
  std::ifstream rollup(base + "/smaps_rollup");
  std::string line;
  std::int64_t pss = 0, anon_shmem = 0;
  bool split = false;
  while (std::getline(rollup, line)) {  // "Pss_Anon:     112 kB"; the first line is a header
    auto value = [&line](const char* key) {
      return std::strtoll(line.c_str() + std::strlen(key), nullptr, 10);
    };
    if (line.rfind("Pss:", 0) == 0) pss = value("Pss:");
    for (const char* key : {"Pss_Anon:", "Pss_Shmem:"}) {
      if (line.rfind(key, 0) == 0) {
        anon_shmem += value(key);
        split = true;
      }
    }
  }
  return (split ? anon_shmem : pss) * 1024;
}

// utime + stime + cutime + cstime (fields 14-17 of /proc/<pid>/stat), in clock ticks. The
// command name (field 2) may hold spaces and parentheses: fields are counted after its
// last ')'.
std::int64_t ProcessCpuTicks(const std::string& base) {
  std::ifstream in(base + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t close = stat.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream fields(stat.substr(close + 1));
  std::string field;
  std::int64_t sum = 0;
  for (int i = 3; i <= 17 && fields >> field; ++i) {
    if (i >= 14) sum += std::strtoll(field.c_str(), nullptr, 10);
  }
  return sum;
}

// Calls `fn` with the /proc/<pid> path of every process owned by `uid`.
template <typename Fn>
void ForEachProcessOf(uid_t uid, const std::string& proc, Fn fn) {
  DIR* dir = opendir(proc.c_str());
  if (dir == nullptr) return;
  while (dirent* entry = readdir(dir)) {
    if (entry->d_name[0] < '1' || entry->d_name[0] > '9') continue;
    std::string base = proc + "/" + entry->d_name;
    struct stat st;
    if (stat(base.c_str(), &st) != 0 || st.st_uid != uid) continue;
    fn(base);
  }
  closedir(dir);
}

}  // namespace

std::int64_t MemoryOfUid(uid_t uid, const std::string& proc) {
  std::int64_t total = 0;
  ForEachProcessOf(uid, proc, [&](const std::string& base) { total += ProcessMemory(base); });
  return total;
}

bool CanSampleOtherUids() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("CapEff:", 0) != 0) continue;
    unsigned long long caps = std::strtoull(line.c_str() + 7, nullptr, 16);
    constexpr int kCapSysPtrace = 19;
    return (caps >> kCapSysPtrace) & 1ULL;
  }
  return false;
}

std::int64_t CpuMsOfUid(uid_t uid, const std::string& proc) {
  static const long ticks = sysconf(_SC_CLK_TCK);
  std::int64_t total = 0;
  ForEachProcessOf(uid, proc, [&](const std::string& base) { total += ProcessCpuTicks(base); });
  return ticks > 0 ? total * 1000 / ticks : 0;
}

int ProcessesOfUid(uid_t uid, const std::string& proc) {
  int count = 0;
  ForEachProcessOf(uid, proc, [&](const std::string&) { ++count; });
  return count;
}

}  // namespace manimd::sandbox
