// The result cache's key: a hash of everything that decides a render's output, and which
// requests may be cached at all (docs/cache.md). Knows nothing of where entries live.
#pragma once

#include <string>
#include <string_view>

#include "render/render_request.h"

namespace manimd::cache {

// Bumped whenever manimd changes how it renders (arguments, the in-sandbox helper, the
// compat layer) in a way that changes output: older entries then stop matching.
inline constexpr int kRenderVersion = 1;

// Whether a render of `request` may be answered from, and stored in, the cache: not a dry
// run, and no use of randomness that manim leaves unseeded (the code mentions `random`:
// `import random`, `np.random`, `random_color()`...), since such a scene differs each
// render and a cached copy would be a lie.
bool Cacheable(const render::RenderRequest& request);

// Lowercase hex SHA-256 over kRenderVersion, `runtime_key` (which runtime renders),
// `scope` (the tenant, or "" for a global cache) and every request field that changes the
// output: code bytes, scene, quality, effective format, fps, resolution, transparent,
// compat mode. Each part is length-prefixed, so no two different inputs share a key.
std::string CacheKey(const render::RenderRequest& request, std::string_view runtime_key,
                     std::string_view scope);

}  // namespace manimd::cache
