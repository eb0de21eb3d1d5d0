// The in-sandbox render helper (runtime/manimd_render.py) and the fork server
// (runtime/manimd_zygote.py), embedded at build time.
#pragma once

namespace manimd::render {
extern const char* const kRenderHelperSource;
extern const char* const kZygoteSource;
}  // namespace manimd::render
