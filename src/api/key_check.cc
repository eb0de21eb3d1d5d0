// Every request reads its key from the store: a revoke, even by another process, holds
// from the next request on. Unknown, malformed and wrong secrets get the same answer, so
// the answer does not tell a guesser which part was wrong.
#include "api/key_check.h"

namespace manimd::api {
namespace {

core::Status Refused(const std::string& message) {
  return core::Status(core::Code::kUnauthenticated, message);
}

core::Result<Caller> Check(auth::KeyStore* keys, bool required, const http::Request& req) {
  core::Result<std::string> secret =
      auth::CredentialFrom(req[http::beast_http::field::authorization], req["X-API-Key"]);
  if (!secret.ok()) return Refused(secret.status().message());
  if (secret->empty()) {
    bool on = required;
    if (!on) {
      core::Result<bool> any = keys->AnyActive();
      if (!any.ok()) return core::Unavailable("cannot check API keys: " + any.status().message());
      on = *any;
    }
    if (!on) return Caller{};
    return Refused(
        "an API key is required: send it as \"Authorization: Bearer <key>\" or "
        "\"X-API-Key: <key>\"");
  }
  constexpr char kUnknown[] = "unknown API key";
  std::optional<std::string> id = auth::KeyIdOf(*secret);
  if (!id) return Refused(kUnknown);
  core::Result<auth::ApiKey> key = keys->Get(*id);
  if (!key.ok()) {
    if (key.status().code() == core::Code::kNotFound) return Refused(kUnknown);
    return core::Unavailable("cannot check API keys: " + key.status().message());
  }
  if (!auth::SecretMatches(*secret, key->hash)) return Refused(kUnknown);
  if (key->revoked_ms != 0) return Refused("this API key was revoked");
  return Caller{key->id, key->rate_per_min, key->concurrency, key->max_quality};
}

}  // namespace

Authorize KeyCheck(auth::KeyStore* keys, bool required) {
  return [keys, required](const http::Request& req) { return Check(keys, required, req); };
}

}  // namespace manimd::api
