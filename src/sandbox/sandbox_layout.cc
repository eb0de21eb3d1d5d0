// The layout's derived values and the files it mounts.
#include "sandbox/sandbox_layout.h"

#include <algorithm>
#include <boost/json.hpp>

#include "render/render_helper.h"
#include "sandbox/spawn.h"

namespace manimd::sandbox {

SandboxLayout SandboxLayout::For(const Limits& limits) {
  SandboxLayout layout;
  layout.tmp_bytes = std::min<std::int64_t>(limits.output_bytes, layout.tmp_bytes);
  return layout;
}

std::string SandboxLayout::ZygoteJson() const {
  return boost::json::serialize(boost::json::object{{"job_dir", paths.job_dir},
                                                    {"tmp_bytes", tmp_bytes},
                                                    {"shm_bytes", shm_bytes},
                                                    {"events_fd", events_fd}});
}

core::Result<std::vector<DataFile>> RuntimeDataFiles(const SandboxLayout& layout, bool zygote) {
  struct Embedded {
    const char* name;
    const char* source;
    bool zygote_only;
  };
  const Embedded files[] = {
      {"render.py", render::kRenderHelperSource, false},
      {"manimd_compat.py", render::kCompatSource, false},
      {"manimd_hints.py", render::kHintsSource, false},
      {"manimd_split.py", render::kSplitProbesSource, false},
      {"manimd_zygote.py", render::kZygoteSource, true},
  };
  std::vector<DataFile> out;
  for (const Embedded& f : files) {
    if (f.zygote_only && !zygote) continue;
    core::UniqueFd fd = MakeDataFd(f.name, f.source);
    if (!fd.valid()) return core::Internal(std::string("making a memfd for ") + f.name);
    out.push_back({layout.files_dir + "/" + f.name, std::move(fd)});
  }
  return out;
}

}  // namespace manimd::sandbox
