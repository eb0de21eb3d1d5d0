// The in-sandbox render helper (runtime/manimd_render.py), the fork server
// (runtime/manimd_zygote.py) and the compatibility layer, embedded at build time.
#pragma once

namespace manimd::render {
extern const char* const kRenderHelperSource;
extern const char* const kZygoteSource;
extern const char* const kCompatSource;       // runtime/manimd_compat.py
extern const char* const kHintsSource;        // runtime/manimd_hints.py
extern const char* const kSplitProbesSource;  // runtime/manimd_split.py
}  // namespace manimd::render
