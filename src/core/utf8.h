// Making untrusted bytes safe to put in JSON answers: valid UTF-8, bounded in size.
// For strings a sandbox or a client supplied (error text, tracebacks, log lines, names).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace manimd::core {

// `text` with every invalid UTF-8 sequence (stray continuation bytes, overlong forms,
// surrogates, code points past U+10FFFF, truncated sequences) replaced by U+FFFD, and
// cut at a character boundary to at most `max_bytes` bytes, ending in "…" when cut.
std::string RepairUtf8(std::string_view text, size_t max_bytes = SIZE_MAX);

// True when `text` is valid UTF-8.
bool IsValidUtf8(std::string_view text);

}  // namespace manimd::core
