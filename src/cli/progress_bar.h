// The terminal progress bar of `manimd render`: one line on stderr, redrawn in place.
// Draws nothing unless stderr is a terminal.
#pragma once

#include <chrono>
#include <string>

#include "render/progress.h"

namespace manimd::cli {

// "[########------------] 40%  animation 2/5  0:03" (or "animation 2" when n is unknown).
std::string FormatProgressLine(const render::Progress& p, double elapsed_seconds, int width);

class ProgressBar {
 public:
  ProgressBar();
  void Update(const render::Progress& progress);
  void Finish();  // ends the line, if one was drawn

 private:
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace manimd::cli
