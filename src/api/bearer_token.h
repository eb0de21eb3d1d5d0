// Checking an `Authorization: Bearer <token>` header against a configured secret.
#pragma once

#include <string_view>

namespace manimd::api {

// Whether `authorization` (the header's value) is "Bearer <token>" (scheme in any case)
// with exactly `token`. The comparison takes the same time wherever the two differ, and
// whatever their lengths, so the secret cannot be guessed byte by byte.
// REQUIRES: `token` is not empty.
bool BearerTokenMatches(std::string_view authorization, std::string_view token);

}  // namespace manimd::api
