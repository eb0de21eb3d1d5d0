// Decides what a finished sandbox run means: which error kind, in which words, or which
// file is the output. Pure logic over what Watch() saw, so every branch is unit-tested.
#pragma once

#include <optional>
#include <string>

#include "render/render_result.h"
#include "sandbox/limits.h"
#include "sandbox/watch.h"

namespace manimd::sandbox {

struct Verdict {
  std::optional<render::RenderError> error;  // set when the render failed
  std::string output_path;                   // sandbox path (under /job/) when it succeeded
  std::string scene;
  bool validated = false;  // a dry run succeeded: no output path
};

// "SIGKILL", "SIGRTMIN+6", "signal 99": a name for any number, never null.
std::string SignalName(int sig);

// Precedence: our own stops (cancel, wall clock, output size) first, then the helper's
// verdict, then how the process died.
Verdict Judge(const WatchOutcome& outcome, const Limits& limits);

}  // namespace manimd::sandbox
