// Memory held by every process running as one uid, read from /proc. The sandbox's watch
// loop samples it to hold a render's processes *together* to the memory limit where no
// cgroup is delegated (rlimits only bound each process on its own).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>

namespace manimd::sandbox {

// Sum over the processes whose /proc/<pid> is owned by `uid` (their effective uid) of
// their proportional anonymous and shared-memory pages (smaps_rollup's Pss_Anon +
// Pss_Shmem; Pss where those are missing). Proportional, so copy-on-write pages that
// forked processes share count once in total; file pages (libraries, the page cache) do
// not count. `proc` is for tests.
std::int64_t MemoryOfUid(uid_t uid, const std::string& proc = "/proc");

// Whether this process may read other uids' smaps_rollup: reading another user's memory
// map needs CAP_SYS_PTRACE (PTRACE_MODE_READ), which root in a container often lacks.
// Without it MemoryOfUid sees nothing and only the per-process RLIMIT_AS holds.
bool CanSampleOtherUids();

// CPU time (user + system, in ms) of the processes owned by `uid` plus that of their
// children they have reaped (/proc/<pid>/stat's utime, stime, cutime, cstime). Readable
// for every uid without privileges. A process that ended and was reaped by a process of
// another uid is lost to it.
std::int64_t CpuMsOfUid(uid_t uid, const std::string& proc = "/proc");

// How many processes (zombies included) run with effective uid `uid` now.
int ProcessesOfUid(uid_t uid, const std::string& proc = "/proc");

}  // namespace manimd::sandbox
