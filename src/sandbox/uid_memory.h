// Resident memory of every process running as one uid, read from /proc. The sandbox's
// watch loop samples it to hold a render's processes *together* to the memory limit
// where no cgroup is delegated (rlimits only bound each process on its own).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>

namespace manimd::sandbox {

// Sum of resident set sizes of the processes whose /proc/<pid> is owned by `uid` (their
// effective uid). Pages shared between them (a fork's copy-on-write) count once per
// process, so this errs high. `proc` is for tests.
std::int64_t ResidentBytesOfUid(uid_t uid, const std::string& proc = "/proc");

}  // namespace manimd::sandbox
