// The sandbox recipe. Every namespace is unshared, so there is no network at all (only an
// unconfigured lo); nothing of the host is visible but the read-only runtime and the job
// directory. tmpfs mounts get sizes because their pages are host memory, not counted by
// RLIMIT_AS. docs/sandbox.md says what each step protects against.
#include "sandbox/bwrap_command.h"

#include <string>

namespace manimd::sandbox {
namespace {

void Add(std::vector<std::string>* args, std::initializer_list<std::string> items) {
  args->insert(args->end(), items);
}

}  // namespace

std::vector<std::string> BuildBwrapArgs(const BwrapSpec& spec, const SandboxLayout& layout) {
  std::vector<std::string> args = {spec.bwrap};
  // One option with its values per line: the recipe, top to bottom.
  Add(&args, {"--unshare-all"});
  Add(&args, {"--unshare-user"});  // --unshare-all only tries; we require it
  Add(&args, {"--die-with-parent"});
  Add(&args, {"--new-session"});
  Add(&args, {"--hostname", "manimd"});
  Add(&args, {"--uid", "1000", "--gid", "1000"});
  Add(&args, {"--ro-bind", spec.runtime_dir, "/"});
  Add(&args, {"--dev", "/dev"});
  Add(&args, {"--proc", "/proc"});
  Add(&args, {"--size", std::to_string(layout.tmp_bytes), "--tmpfs", "/tmp"});
  Add(&args, {"--size", std::to_string(layout.shm_bytes), "--tmpfs", "/dev/shm"});
  // /dev itself read-only: otherwise an unsized tmpfs no limit counts, shared by every job
  // of a fork server (/dev/shm, sized, stays writable).
  Add(&args, {"--remount-ro", "/dev"});
  Add(&args, {"--tmpfs", layout.files_dir});
  for (const auto& [fd, path] : spec.data_files)
    Add(&args, {"--ro-bind-data", std::to_string(fd), path});
  if (spec.jobs_dir.empty()) {
    Add(&args, {"--disable-userns"});
    Add(&args, {"--bind", spec.job_dir, layout.paths.job_dir});
    Add(&args, {"--chdir", layout.paths.job_dir});
  } else {
    // The zygote: its children unshare their own user namespace, so nested ones stay
    // allowed here (the strict seccomp filter forbids them again inside each job).
    Add(&args, {"--bind", spec.jobs_dir, "/mnt"});
    Add(&args, {"--chdir", "/"});
  }
  Add(&args, {"--remount-ro", layout.files_dir});
  Add(&args, {"--seccomp", std::to_string(spec.seccomp_fd)});
  Add(&args, {"--clearenv"});
  Add(&args, {"--setenv", "HOME", "/tmp"});
  Add(&args, {"--setenv", "PATH", "/usr/local/bin:/usr/bin:/bin"});
  Add(&args, {"--setenv", "LANG", "C.UTF-8"});
  Add(&args, {"--setenv", "TERM", "dumb"});
  Add(&args, {"--setenv", "NO_COLOR", "1"});
  Add(&args, {"--setenv", "COLUMNS", "160"});
  // One thread each: threads count against RLIMIT_NPROC and two renders share 2 cores.
  Add(&args, {"--setenv", "OPENBLAS_NUM_THREADS", "1"});
  Add(&args, {"--setenv", "OMP_NUM_THREADS", "1"});
  Add(&args, {"--setenv", "MPLBACKEND", "Agg"});
  Add(&args, {"--"});
  args.insert(args.end(), spec.command.begin(), spec.command.end());
  return args;
}

}  // namespace manimd::sandbox
