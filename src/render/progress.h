// Render progress as users see it: animation i of n and an overall percent, folded from
// the helper's events. Shared by the CLI's progress bar and the job API.
#pragma once

#include <optional>

#include "render/wrapper_events.h"

namespace manimd::render {

struct Progress {
  int animation = 0;              // 1-based index of the animation playing; 0 before the first
  std::optional<int> animations;  // total, when the counting pass finished
  double animation_percent = 0;   // within the current animation
  double percent = 0;             // overall, never decreasing; 0 until `animations` is known
  bool operator==(const Progress&) const = default;
};

class ProgressTracker {
 public:
  // Folds one event in; true when the visible progress changed.
  bool Apply(const WrapperEvent& event);
  const Progress& progress() const { return progress_; }

 private:
  void Recompute();
  Progress progress_;
};

}  // namespace manimd::render
