// The warnings of a split render: every chunk's, merged into one list as a whole render
// would have given them. Running the chunks is jobs/split_render.h.
#pragma once

#include <vector>

#include "render/render_result.h"

namespace manimd::jobs {

// Chunk 1's warnings, then each later chunk's that were not seen yet, in chunk order: every
// chunk runs construct() from the start, so what precedes its animations repeats what an
// earlier chunk said; what its own animations raise is new and comes after. At most
// `limit` warnings (a whole render's cap).
std::vector<render::Warning> MergeChunkWarnings(
    const std::vector<std::vector<render::Warning>>& per_chunk, size_t limit);

}  // namespace manimd::jobs
