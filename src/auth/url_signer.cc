// HMAC-SHA256 over "<path>\n<expires>", compared with CRYPTO_memcmp.
#include "auth/url_signer.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <charconv>

namespace manimd::auth {
namespace {

std::string Hex(const unsigned char* bytes, size_t n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    out += kHex[bytes[i] >> 4];
    out += kHex[bytes[i] & 15];
  }
  return out;
}

}  // namespace

std::string UrlSigner::Mac(std::string_view path, std::string_view expires) const {
  std::string message = std::string(path) + "\n" + std::string(expires);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret_.data(), static_cast<int>(secret_.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &length);
  return Hex(mac, length);
}

std::string UrlSigner::Sign(const std::string& path) const {
  std::string expires = std::to_string(clock_->NowMs() / 1000 + expires_s_);
  return path + "?expires=" + expires + "&sig=" + Mac(path, expires);
}

bool UrlSigner::Verify(std::string_view path, std::string_view expires,
                       std::string_view sig) const {
  std::int64_t until = 0;
  auto [p, ec] = std::from_chars(expires.data(), expires.data() + expires.size(), until);
  if (expires.empty() || ec != std::errc() || p != expires.data() + expires.size()) return false;
  if (until * 1000 < clock_->NowMs()) return false;
  std::string want = Mac(path, expires);
  return sig.size() == want.size() && CRYPTO_memcmp(want.data(), sig.data(), want.size()) == 0;
}

std::string RandomSecret() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) return {};  // caller refuses an empty secret
  return Hex(bytes, sizeof bytes);
}

}  // namespace manimd::auth
