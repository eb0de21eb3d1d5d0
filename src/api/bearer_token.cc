// Both sides are hashed first so that CRYPTO_memcmp compares equal lengths: a plain
// length check would leak the secret's length, and memcmp how much of it matched.
#include "api/bearer_token.h"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <array>
#include <boost/beast/core/string.hpp>

namespace manimd::api {
namespace {

std::array<unsigned char, SHA256_DIGEST_LENGTH> Digest(std::string_view s) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> out{};
  SHA256(reinterpret_cast<const unsigned char*>(s.data()), s.size(), out.data());
  return out;
}

}  // namespace

bool BearerTokenMatches(std::string_view authorization, std::string_view token) {
  constexpr std::string_view kScheme = "Bearer ";
  if (authorization.size() < kScheme.size() ||
      !boost::beast::iequals(authorization.substr(0, kScheme.size()), kScheme)) {
    return false;
  }
  std::string_view given = authorization.substr(kScheme.size());
  auto a = Digest(given), b = Digest(token);
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace manimd::api
