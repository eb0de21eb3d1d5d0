// Builds the bubblewrap command line for one render: which mounts, namespaces and
// environment the sandbox gets. Pure function; spawn.h runs it.
#pragma once

#include <string>
#include <vector>

#include "sandbox/limits.h"

namespace manimd::sandbox {

struct BwrapSpec {
  std::string bwrap = "/usr/bin/bwrap";
  std::string runtime_dir;           // read-only root filesystem
  std::string job_dir;               // host path, bound read-write at /job
  int helper_fd = -1;                // fd whose contents become /manimd/render.py (read-only)
  int seccomp_fd = -1;               // fd holding the seccomp BPF program (seccomp_filter.h)
  int compat_fd = -1;                // fd whose contents become /manimd/manimd_compat.py
  int hints_fd = -1;                 // fd whose contents become /manimd/manimd_hints.py
  std::vector<std::string> command;  // run inside, e.g. python3 -I -B /manimd/render.py SPEC
  // Fork server (zygote) mode, when set: this host directory of all job directories is
  // bound at /mnt instead of one job dir at /job, nested user namespaces stay allowed, and
  // `zygote_fd`'s contents become /manimd/manimd_zygote.py.
  std::string jobs_dir;
  int zygote_fd = -1;
};

std::vector<std::string> BuildBwrapArgs(const BwrapSpec& spec, const Limits& limits);

}  // namespace manimd::sandbox
