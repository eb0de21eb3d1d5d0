// Balancing by estimated frames, not by animation count: a 4 s play costs as much as
// eight 0.5 s ones.
#include "render/split_plan.h"

#include <algorithm>
#include <cmath>

namespace manimd::render {

long long EstimatedFrames(double seconds, int fps) {
  if (!(seconds > 0) || fps <= 0) return 0;
  return static_cast<long long>(std::ceil(seconds * fps - 1e-9));
}

std::string SplitRefusal(const RenderRequest& request, const SplitPolicy& policy) {
  if (!policy.enabled) return "splitting is off (SPLIT)";
  if (request.split == false) return "the request says \"split\": false";
  if (request.dry_run || request.chunk) return "not a whole render";
  switch (EffectiveFormat(request)) {
    case Format::kGif:
      return "gif output is palette-encoded over the whole video";
    case Format::kPng:
      return "png is a single frame";
    default:
      break;
  }
  int height =
      request.resolution ? request.resolution->height : QualityResolution(request.quality).height;
  if (height < policy.min_height) {
    return std::to_string(height) + " pixels tall, below SPLIT_MIN_HEIGHT (" +
           std::to_string(policy.min_height) + ")";
  }
  return "";
}

SplitDecision PlanSplit(const Validation& dry, int fps, int free_slots, const SplitPolicy& policy) {
  SplitDecision d;
  const std::vector<double>& plays = dry.play_seconds;
  std::vector<long long> prefix = {0};  // prefix[i]: frames of plays [0, i)
  for (double s : plays) prefix.push_back(prefix.back() + EstimatedFrames(s, fps));
  long long total = prefix.back();
  int k = std::min({policy.max_chunks, free_slots, static_cast<int>(plays.size())});
  if (!dry.split_blocker.empty()) {
    d.reason = dry.split_blocker;
  } else if (static_cast<int>(plays.size()) != dry.animations) {
    d.reason = "the dry run's animation count and durations disagree";
  } else if (total < policy.min_frames) {
    d.reason = "about " + std::to_string(total) + " frames, below SPLIT_MIN_FRAMES";
  } else if (k < 2) {
    d.reason = plays.size() < 2 ? "fewer than two animations" : "no second render slot is free";
  }
  if (!d.reason.empty()) return d;
  // Cut i goes where the running total is nearest i/k of the whole; a cut that would
  // leave a chunk without frames is dropped, so K can come out smaller.
  int from = 0;
  for (int i = 1; i < k; ++i) {
    double target = static_cast<double>(total) * i / k;
    int best = -1;
    for (int cut = from + 1; cut < static_cast<int>(plays.size()); ++cut) {
      if (prefix[cut] == prefix[from] || prefix.back() == prefix[cut]) continue;
      if (best < 0 || std::fabs(prefix[cut] - target) < std::fabs(prefix[best] - target)) {
        best = cut;
      }
    }
    if (best < 0) break;
    d.chunks.push_back({from, best});
    from = best;
  }
  d.chunks.push_back({from, -1});
  if (d.chunks.size() < 2) d.reason = "no cut leaves frames on both sides";
  return d;
}

}  // namespace manimd::render
