// /proc scanning. statm's second field is resident pages; /proc/<pid>'s owner is the
// process's effective uid. Processes that exit mid-scan are skipped.
#include "sandbox/uid_memory.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

namespace manimd::sandbox {

std::int64_t ResidentBytesOfUid(uid_t uid, const std::string& proc) {
  static const std::int64_t kPage = sysconf(_SC_PAGESIZE);
  DIR* dir = opendir(proc.c_str());
  if (dir == nullptr) return 0;
  std::int64_t total = 0;
  while (dirent* entry = readdir(dir)) {
    if (entry->d_name[0] < '1' || entry->d_name[0] > '9') continue;
    std::string base = proc + "/" + entry->d_name;
    struct stat st;
    if (stat(base.c_str(), &st) != 0 || st.st_uid != uid) continue;
    std::ifstream statm(base + "/statm");
    std::int64_t size = 0, resident = 0;
    if (statm >> size >> resident) total += resident * kPage;
  }
  closedir(dir);
  return total;
}

}  // namespace manimd::sandbox
