// The stamp file .manimd-runtime-ok is written last by scripts/build-runtime, so its
// presence means the whole tree passed the build's checks.
#include "sandbox/runtime_locator.h"

#include <unistd.h>

#include <fstream>

namespace manimd::sandbox {

core::Result<RuntimeInfo> CheckRuntime(const std::string& dir) {
  std::ifstream stamp(dir + "/.manimd-runtime-ok");
  std::string version;
  if (!stamp || !std::getline(stamp, version)) {
    return core::Unavailable("render runtime not found at " + dir +
                             " (build it with scripts/setup, or set MANIMD_RUNTIME_DIR)");
  }
  for (const char* need : {"/usr/bin/python3", "/job", "/manimd"}) {
    if (access((dir + need).c_str(), F_OK) != 0) {
      return core::Unavailable("render runtime at " + dir + " is incomplete: no " + need +
                               " (rebuild with scripts/build-runtime)");
    }
  }
  if (access("/usr/bin/bwrap", X_OK) != 0) {
    return core::Unavailable("bubblewrap (/usr/bin/bwrap) is not installed (run scripts/setup)");
  }
  return RuntimeInfo{dir, version};
}

}  // namespace manimd::sandbox
