// The in-sandbox render helper (runtime/manimd_render.py), embedded at build time.
#pragma once

namespace manimd::render {
extern const char* const kRenderHelperSource;
}  // namespace manimd::render
