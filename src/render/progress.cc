// Progress folding. Overall percent weighs every animation equally: manim does not know
// run times ahead, and the counting pass only learns how many play() calls there are.
#include "render/progress.h"

#include <algorithm>

namespace manimd::render {

bool ProgressTracker::Apply(const WrapperEvent& event) {
  Progress before = progress_;
  if (const auto* a = std::get_if<AnimationsEvent>(&event)) {
    progress_.animations = a->count;
  } else if (const auto* p = std::get_if<ProgressEvent>(&event)) {
    // Never move backwards: a late event from an earlier animation changes nothing.
    if (p->animation < progress_.animation) return false;
    if (p->animation == progress_.animation && p->percent < progress_.animation_percent)
      return false;
    progress_.animation = p->animation;
    progress_.animation_percent = p->percent;
  } else {
    return false;
  }
  Recompute();
  return !(before == progress_);
}

void ProgressTracker::Recompute() {
  if (progress_.animations && *progress_.animations > 0) {
    int n = *progress_.animations;
    // The counting pass can undercount a scene whose construct() is not deterministic.
    int done = std::min(progress_.animation, n) - 1;
    double overall = (std::max(done, 0) + progress_.animation_percent / 100.0) / n * 100.0;
    // Clients plot this: it never goes down, even when an undercounted scene plays more
    // animations than counted.
    progress_.percent = std::max(progress_.percent, std::clamp(overall, 0.0, 100.0));
  }
  // Until the total is known there is no overall percent: it stays 0, so that it cannot
  // jump back when the total arrives (animation_percent says how the current one goes).
}

}  // namespace manimd::render
