// Each chunk also reports the plays it skips (manim runs them in no time); only the plays
// of its own range count.
#include "jobs/chunk_progress.h"

#include <algorithm>

namespace manimd::jobs {

ChunkProgress::ChunkProgress(std::vector<long long> play_frames,
                             std::vector<render::AnimationRange> chunks)
    : chunks_(std::move(chunks)), done_(chunks_.size(), 0), finished_(chunks_.size(), 0) {
  prefix_.push_back(0);
  for (long long f : play_frames) prefix_.push_back(prefix_.back() + f);
  whole_.animations = static_cast<int>(play_frames.size());
}

render::Progress ChunkProgress::Apply(size_t index, const render::Progress& chunk) {
  std::lock_guard lock(mu_);
  if (index >= chunks_.size() || chunk.animation < 1) return whole_;
  int plays = static_cast<int>(prefix_.size()) - 1;
  int from = std::min(chunks_[index].from, plays);
  int upto = chunks_[index].upto < 0 ? plays : std::min(chunks_[index].upto, plays);
  int playing = std::min(chunk.animation - 1, plays);  // 0-based
  bool complete = chunk.animation_percent >= 100;
  int finished = std::clamp(playing + (complete ? 1 : 0), from, upto) - from;
  long long done = prefix_[std::clamp(playing, from, upto)] - prefix_[from];
  if (playing >= from && playing < upto) {
    long long frames = prefix_[playing + 1] - prefix_[playing];
    done += static_cast<long long>(frames * std::clamp(chunk.animation_percent, 0.0, 100.0) / 100);
  }
  done_[index] = std::max(done_[index], done);
  finished_[index] = std::max(finished_[index], finished);
  long long all_done = 0;
  int all_finished = 0;
  for (size_t i = 0; i < chunks_.size(); ++i) {
    all_done += done_[i];
    all_finished += finished_[i];
  }
  whole_.animation = std::max(whole_.animation, std::min(plays, all_finished + 1));
  double percent = prefix_.back() > 0 ? 100.0 * all_done / prefix_.back() : 0;
  whole_.percent = std::max(whole_.percent, std::min(percent, 100.0));
  return whole_;
}

}  // namespace manimd::jobs
