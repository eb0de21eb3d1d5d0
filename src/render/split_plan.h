// Whether and where to cut a render into chunks of consecutive animations (docs/split.md):
// pure functions of the request, the dry run's findings and the free slots. Running the
// chunks is jobs/split_render.h.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "render/render_request.h"
#include "render/render_result.h"

namespace manimd::render {

struct SplitPolicy {
  bool enabled = false;  // SPLIT is auto or on
  int max_chunks = 4;    // SPLIT_MAX_CHUNKS
  int min_frames = 600;  // SPLIT_MIN_FRAMES with SPLIT=auto; 0 with SPLIT=on
  // The CPU time all chunks of one render may use together: the whole render's CPU limit
  // (RENDER_CPU_S, 2 x RENDER_TIMEOUT_S by default). 0: no total beyond each chunk's own.
  std::int64_t cpu_budget_ms = 0;
  // SPLIT_MIN_HEIGHT with SPLIT=auto (0 with SPLIT=on): a render less tall is whole without
  // a dry run. Below 1080p the dry run (about 0.1 s warm) costs small renders more than
  // splitting saves the few long ones.
  int min_height = 0;
};

// Frames manim writes for a play of `seconds` at `fps` (one per 1/fps step begun).
long long EstimatedFrames(double seconds, int fps);

// Whether a request may be split at all, before anything runs; empty when it may, else
// why not ("split is off", "gif output is re-encoded as a whole", ...).
std::string SplitRefusal(const RenderRequest& request, const SplitPolicy& policy);

struct SplitDecision {
  std::vector<AnimationRange> chunks;  // in order; the last one's upto is -1 (to the end)
  std::string reason;                  // why one piece, when chunks.size() <= 1
};

// Cuts the dry run's plays into at most min(max_chunks, free_slots, plays) chunks with
// about equal estimated frames, each with at least one frame. One piece when the dry run
// found a blocker, or the whole is estimated below min_frames.
SplitDecision PlanSplit(const Validation& dry, int fps, int free_slots, const SplitPolicy& policy);

}  // namespace manimd::render
