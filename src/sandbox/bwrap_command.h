// Builds the bubblewrap command line for one sandbox: which mounts, namespaces and
// environment it gets. Pure function; spawn.h runs it.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "sandbox/sandbox_layout.h"

namespace manimd::sandbox {

struct BwrapSpec {
  std::string bwrap = "/usr/bin/bwrap";
  std::string runtime_dir;  // read-only root filesystem
  std::string job_dir;      // host path, bound read-write at layout.paths.job_dir
  int seccomp_fd = -1;      // fd holding the seccomp BPF program (seccomp_filter.h)
  // (fd as bwrap sees it, path inside): manimd's files, bound read-only from memfds.
  std::vector<std::pair<int, std::string>> data_files;
  std::vector<std::string> command;  // run inside, e.g. python3 -I -B /manimd/render.py SPEC
  // Fork server (zygote) mode, when set: this host directory of all job directories is
  // bound at /mnt instead of one job dir, and nested user namespaces stay allowed (each
  // job's child makes its own, then locks them away: runtime/manimd_zygote.py).
  std::string jobs_dir;
};

std::vector<std::string> BuildBwrapArgs(const BwrapSpec& spec, const SandboxLayout& layout);

}  // namespace manimd::sandbox
