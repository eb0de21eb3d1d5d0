// Linear search for duplicates: a render keeps at most ~100 warnings, so a set buys nothing.
#include "jobs/chunk_warnings.h"

#include <algorithm>

namespace manimd::jobs {

std::vector<render::Warning> MergeChunkWarnings(
    const std::vector<std::vector<render::Warning>>& per_chunk, size_t limit) {
  std::vector<render::Warning> out;
  for (const std::vector<render::Warning>& chunk : per_chunk) {
    for (const render::Warning& w : chunk) {
      if (out.size() >= limit) return out;
      if (std::find(out.begin(), out.end(), w) == out.end()) out.push_back(w);
    }
  }
  return out;
}

}  // namespace manimd::jobs
