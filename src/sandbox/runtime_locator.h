// Checks that a render runtime tree is complete before anything tries to render in it.
#pragma once

#include <string>

#include "core/status.h"

namespace manimd::sandbox {

struct RuntimeInfo {
  std::string dir;
  std::string manim_version;  // from the build's stamp file
};

// Unavailable, with a message saying how to build it, when `dir` is not a finished runtime.
core::Result<RuntimeInfo> CheckRuntime(const std::string& dir);

}  // namespace manimd::sandbox
