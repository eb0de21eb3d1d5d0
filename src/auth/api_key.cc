// Secrets come from OpenSSL's RAND_bytes and are compared by hash with CRYPTO_memcmp:
// a high-entropy secret needs no slow password hash, only a one-way one.
#include "auth/api_key.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <array>
#include <charconv>

namespace manimd::auth {
namespace {

constexpr std::string_view kPrefix = "mdk_";
constexpr char kHex[] = "0123456789abcdef";

std::string Hex(const unsigned char* bytes, size_t n) {
  std::string out;
  out.reserve(2 * n);
  for (size_t i = 0; i < n; ++i) {
    out += kHex[bytes[i] >> 4];
    out += kHex[bytes[i] & 15];
  }
  return out;
}

// base64url without padding: the secret goes into headers and shells unquoted.
std::string Base64Url(const unsigned char* bytes, size_t n) {
  constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (size_t i = 0; i < n; ++i) {
    acc = (acc << 8) | bytes[i];
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kAlphabet[(acc >> bits) & 63];
    }
  }
  if (bits > 0) out += kAlphabet[(acc << (6 - bits)) & 63];
  return out;
}

bool IsHex(std::string_view s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char a = s[i] >= 'A' && s[i] <= 'Z' ? static_cast<char>(s[i] + 32) : s[i];
    if (a != prefix[i]) return false;
  }
  return true;
}

}  // namespace

core::Result<NewKey> MakeKey(const ApiKey& limits, std::int64_t now_ms) {
  std::array<unsigned char, 8> id_bytes{};
  std::array<unsigned char, 32> secret_bytes{};
  if (RAND_bytes(id_bytes.data(), id_bytes.size()) != 1 ||
      RAND_bytes(secret_bytes.data(), secret_bytes.size()) != 1) {
    return core::Internal("no randomness for a new API key (RAND_bytes failed)");
  }
  NewKey made;
  made.key = limits;
  made.key.id = "key_" + Hex(id_bytes.data(), id_bytes.size());
  made.key.created_ms = now_ms;
  made.key.revoked_ms = 0;
  made.secret = std::string(kPrefix) + made.key.id + "_" +
                Base64Url(secret_bytes.data(), secret_bytes.size());
  made.key.hash = HashSecret(made.secret);
  return made;
}

std::string HashSecret(std::string_view secret) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(secret.data()), secret.size(), digest);
  return Hex(digest, sizeof digest);
}

bool SecretMatches(std::string_view secret, const std::string& hash) {
  std::string computed = HashSecret(secret);
  if (hash.size() != computed.size()) return false;
  return CRYPTO_memcmp(computed.data(), hash.data(), computed.size()) == 0;
}

std::optional<std::string> KeyIdOf(std::string_view secret) {
  // "mdk_" "key_" 16 hex "_" secret
  constexpr size_t kIdLength = 4 + 16;
  if (secret.size() > 256 || !secret.starts_with(kPrefix)) return std::nullopt;
  std::string_view rest = secret.substr(kPrefix.size());
  if (rest.size() < kIdLength + 2 || !rest.starts_with("key_") || rest[kIdLength] != '_' ||
      !IsHex(rest.substr(4, 16))) {
    return std::nullopt;
  }
  return std::string(rest.substr(0, kIdLength));
}

core::Result<std::string> CredentialFrom(std::string_view authorization,
                                         std::string_view x_api_key) {
  std::string bearer;
  authorization = Trim(authorization);
  if (!authorization.empty()) {
    if (!StartsWithNoCase(authorization, "bearer ")) {
      return core::InvalidArgument("the Authorization header must be \"Bearer <API key>\"");
    }
    bearer = std::string(Trim(authorization.substr(7)));
  }
  std::string header(Trim(x_api_key));
  if (!bearer.empty() && !header.empty() && bearer != header) {
    return core::InvalidArgument("Authorization and X-API-Key name different keys");
  }
  return bearer.empty() ? header : bearer;
}

core::Result<int> ParseRate(std::string_view text) {
  std::string_view digits = text;
  if (digits.ends_with("/min")) digits.remove_suffix(4);
  int value = 0;
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || ec != std::errc() || p != digits.data() + digits.size() || value < 1 ||
      value > 1000000) {
    return core::InvalidArgument("--rate must be N/min with N from 1 to 1000000 (got \"" +
                                 std::string(text) + "\")");
  }
  return value;
}

}  // namespace manimd::auth
