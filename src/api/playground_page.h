// The playground page (web/dist/playground.html, built from web/src), compiled in by
// cmake/embed_text.cmake so the binary serves it without files beside it.
#pragma once

namespace manimd::api {
extern const char* const kPlaygroundPage;  // one self-contained HTML document
}  // namespace manimd::api
