// The shape of every sandbox, cold or forked, in one place: where the job and manimd's own
// files are inside, how large the private tmpfs mounts are, which descriptor carries the
// helper's events. The cold runner builds bwrap's arguments from it; the fork server sends
// it with each job, so the zygote's Python never restates it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/unique_fd.h"
#include "render/manim_args.h"
#include "sandbox/limits.h"

namespace manimd::sandbox {

struct SandboxLayout {
  render::ScenePaths paths;           // /job, /job/scene.py, /job/media
  std::string files_dir = "/manimd";  // manimd's runtime files, read-only
  std::string helper = "/manimd/render.py";
  int events_fd = 3;                   // the helper's JSON-lines channel
  std::int64_t tmp_bytes = 256 << 20;  // private /tmp (tmpfs pages are host memory)
  std::int64_t shm_bytes = 64 << 20;   // private /dev/shm

  // /tmp holds little in a render (manim writes under its media dir): at most 256 MB,
  // and never more than the output limit.
  static SandboxLayout For(const Limits& limits);
  // {"job_dir","tmp_bytes","shm_bytes","events_fd"}: what the zygote needs per job.
  std::string ZygoteJson() const;
};

// One of manimd's files for the sandbox: a sealed memfd, bound read-only at `path`.
struct DataFile {
  std::string path;
  core::UniqueFd fd;
};

// The embedded runtime files every sandbox gets (render.py, manimd_compat.py,
// manimd_hints.py) and, for the fork server, manimd_zygote.py. Internal when a memfd
// cannot be made (out of descriptors).
core::Result<std::vector<DataFile>> RuntimeDataFiles(const SandboxLayout& layout, bool zygote);

}  // namespace manimd::sandbox
