// Standard Webhooks signatures (https://www.standardwebhooks.com): the secret's format and
// the `webhook-signature` value. Signing only; receivers verify with the spec's libraries.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace manimd::webhooks {

// The key bytes of a secret "whsec_<base64>" (the prefix is optional, as the reference
// libraries accept). Errors: kInvalidArgument when the base64 is malformed or the key is
// shorter than 24 bytes or longer than 64 (the spec's range).
core::Result<std::string> DecodeSecret(std::string_view secret);

// A new secret: "whsec_" + base64 of 32 random bytes (RAND_bytes). kInternal without
// randomness.
core::Result<std::string> NewSecret();

// "v1,<base64 of HMAC-SHA256(key, id + "." + timestamp + "." + body)>".
std::string Sign(std::string_view key, std::string_view id, std::int64_t timestamp,
                 std::string_view body);

}  // namespace manimd::webhooks
