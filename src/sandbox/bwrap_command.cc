// The sandbox recipe. Every namespace is unshared, so there is no network at all (only an
// unconfigured lo); nothing of the host is visible but the read-only runtime and the job
// directory. tmpfs mounts get sizes because their pages are host memory, not counted by
// RLIMIT_AS.
#include "sandbox/bwrap_command.h"

#include <algorithm>
#include <cstdint>
#include <string>

namespace manimd::sandbox {

std::vector<std::string> BuildBwrapArgs(const BwrapSpec& spec, const Limits& limits) {
  // /tmp holds little in a render (manim writes under its media dir), so it stays small.
  std::string tmp_size = std::to_string(std::min<std::int64_t>(limits.output_bytes, 256 << 20));
  // clang-format off: one option (with its values) per line reads as the recipe it is.
  std::vector<std::string> args = {
      spec.bwrap,
      "--unshare-all",
      "--unshare-user",  // --unshare-all only tries; we require it (and --disable-userns does)
      "--die-with-parent",
      "--new-session",
      "--hostname",
      "manimd",
      "--uid",
      "1000",
      "--gid",
      "1000",
      "--ro-bind",
      spec.runtime_dir,
      "/",
      "--dev",
      "/dev",
      "--proc",
      "/proc",
      "--size",
      tmp_size,
      "--tmpfs",
      "/tmp",
      "--size",
      std::to_string(64 << 20),
      "--tmpfs",
      "/dev/shm",
      // /dev itself read-only: otherwise an unsized tmpfs no limit counts, shared by every
      // job of a fork server (/dev/shm, sized, stays writable).
      "--remount-ro",
      "/dev",
      "--tmpfs",
      "/manimd",
      "--ro-bind-data",
      std::to_string(spec.helper_fd),
      "/manimd/render.py",
      "--ro-bind-data",
      std::to_string(spec.compat_fd),
      "/manimd/manimd_compat.py",
      "--ro-bind-data",
      std::to_string(spec.hints_fd),
      "/manimd/manimd_hints.py",
      "--clearenv",
      "--setenv",
      "HOME",
      "/tmp",
      "--setenv",
      "PATH",
      "/usr/local/bin:/usr/bin:/bin",
      "--setenv",
      "LANG",
      "C.UTF-8",
      "--setenv",
      "TERM",
      "dumb",
      "--setenv",
      "NO_COLOR",
      "1",
      "--setenv",
      "COLUMNS",
      "160",
      // One thread each: threads count against RLIMIT_NPROC and two renders share 2 cores.
      "--setenv",
      "OPENBLAS_NUM_THREADS",
      "1",
      "--setenv",
      "OMP_NUM_THREADS",
      "1",
      "--setenv",
      "MPLBACKEND",
      "Agg",
      "--",
  };
  // clang-format on
  bool zygote = !spec.jobs_dir.empty();
  std::vector<std::string> mode;
  if (zygote) {
    // Its children unshare their own user namespace, so nested ones stay allowed here.
    mode = {"--bind",
            spec.jobs_dir,
            "/mnt",
            "--ro-bind-data",
            std::to_string(spec.zygote_fd),
            "/manimd/manimd_zygote.py",
            "--chdir",
            "/"};
  } else {
    mode = {"--disable-userns", "--bind", spec.job_dir, "/job", "--chdir", "/job"};
  }
  mode.insert(mode.end(),
              {"--remount-ro", "/manimd", "--seccomp", std::to_string(spec.seccomp_fd)});
  auto env_start = std::find(args.begin(), args.end(), "--clearenv");
  args.insert(env_start, mode.begin(), mode.end());
  args.insert(args.end(), spec.command.begin(), spec.command.end());
  return args;
}

}  // namespace manimd::sandbox
