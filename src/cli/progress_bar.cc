// Progress bar drawing.
#include "cli/progress_bar.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace manimd::cli {

std::string FormatProgressLine(const render::Progress& p, double elapsed_seconds, int width) {
  // Without a total, the bar follows the current animation.
  double percent = p.animations ? p.percent : p.animation_percent;
  int filled = std::clamp(static_cast<int>(std::lround(percent / 100.0 * width)), 0, width);
  std::string line = "[" + std::string(filled, '#') + std::string(width - filled, '-') + "] ";
  char buf[96];
  if (p.animation == 0) {
    std::snprintf(buf, sizeof buf, "%3d%%  starting", 0);
    line += buf;
  } else {
    std::snprintf(buf, sizeof buf, "%3d%%  animation %d", static_cast<int>(percent), p.animation);
    line += buf;
    if (p.animations) line += "/" + std::to_string(*p.animations);
  }
  int secs = static_cast<int>(elapsed_seconds);
  std::snprintf(buf, sizeof buf, "  %d:%02d", secs / 60, secs % 60);
  return line + buf;
}

ProgressBar::ProgressBar()
    : enabled_(isatty(STDERR_FILENO) == 1), start_(std::chrono::steady_clock::now()) {}

void ProgressBar::Update(const render::Progress& progress) {
  if (!enabled_) return;
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  std::fprintf(stderr, "\r%s\033[K", FormatProgressLine(progress, elapsed, 30).c_str());
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressBar::Finish() {
  if (drawn_) std::fputc('\n', stderr);
  drawn_ = false;
}

}  // namespace manimd::cli
