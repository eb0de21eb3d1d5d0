// API keys: how a secret is made, shown, hashed and checked, and what a key allows. Where
// keys are kept is key_store.h; how a request is let in is api/auth_guard.cc.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "render/render_request.h"

namespace manimd::auth {

// One API key as stored: never the secret, only its SHA-256.
struct ApiKey {
  std::string id;        // "key_" + 16 hex digits; also the tenant id its jobs carry
  std::string name;      // the operator's label
  std::string hash;      // SHA-256 of the secret, 64 lowercase hex digits
  int rate_per_min = 0;  // requests per minute; 0: unlimited
  int concurrency = 0;   // jobs running at once; 0: unlimited
  std::optional<render::Quality> max_quality;  // highest quality it may ask for
  std::int64_t created_ms = 0;
  std::int64_t revoked_ms = 0;  // 0 while it is valid
  // Standard Webhooks secret ("whsec_..."), or "": this key's jobs' webhooks are signed
  // with it instead of WEBHOOK_SECRET. Stored as is: signing needs it, unlike the key's own
  // secret, which is only ever compared.
  std::string webhook_secret;
};

// A new key and its secret, which is shown once and never stored.
struct NewKey {
  ApiKey key;
  std::string secret;  // "mdk_<id>_<43 base64url characters: 256 random bits>"
};

// A fresh key with `name` and the limits of `limits` (its id, hash and created_ms are
// set here). Errors: kInternal (no randomness).
core::Result<NewKey> MakeKey(const ApiKey& limits, std::int64_t now_ms);

// Lowercase hex SHA-256 of `secret`.
std::string HashSecret(std::string_view secret);

// Whether `secret` hashes to `hash`, compared in constant time (CRYPTO_memcmp), so the
// answer's timing says nothing about how much of a guess was right.
bool SecretMatches(std::string_view secret, const std::string& hash);

// The key id inside a secret ("mdk_<id>_..."), or nothing when it is not shaped like one.
std::optional<std::string> KeyIdOf(std::string_view secret);

// The secret a request carries in `Authorization: Bearer <key>` or `X-API-Key: <key>`
// (header values as given; empty when absent). Empty result: no key given. Errors:
// kInvalidArgument when Authorization uses another scheme or the two headers disagree.
core::Result<std::string> CredentialFrom(std::string_view authorization,
                                         std::string_view x_api_key);

// The --rate of `manimd keys create`: "30/min" or "30" -> 30. Errors: kInvalidArgument.
core::Result<int> ParseRate(std::string_view text);

}  // namespace manimd::auth
