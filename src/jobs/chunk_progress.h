// The progress of a whole scene from the progress of its chunks: frames done over frames
// estimated, never decreasing. Part of jobs/split_render.
#pragma once

#include <mutex>
#include <vector>

#include "render/progress.h"
#include "render/render_request.h"

namespace manimd::jobs {

class ChunkProgress {
 public:
  // `play_frames`: estimated frames of each play of the scene; `chunks`: the plan.
  ChunkProgress(std::vector<long long> play_frames, std::vector<render::AnimationRange> chunks);

  // Folds in chunk `index`'s own progress (its animation numbers are the scene's, as manim
  // counts skipped plays too) and returns the whole scene's. Thread-safe.
  render::Progress Apply(size_t index, const render::Progress& chunk);

 private:
  const std::vector<render::AnimationRange> chunks_;
  std::vector<long long> prefix_;  // prefix_[i]: frames of plays [0, i)
  std::mutex mu_;
  std::vector<long long> done_;  // frames done per chunk; guarded by mu_
  std::vector<int> finished_;    // plays finished per chunk; guarded by mu_
  render::Progress whole_;       // guarded by mu_
};

}  // namespace manimd::jobs
