// HMAC and base64 from OpenSSL (already linked for SigV4), not written by hand.
#include "webhooks/signature.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

namespace manimd::webhooks {
namespace {

std::string Base64(const unsigned char* data, size_t size) {
  std::string out(4 * ((size + 2) / 3), '\0');
  int n =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(size));
  out.resize(static_cast<size_t>(n));
  return out;
}

}  // namespace

core::Result<std::string> NewSecret() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    return core::Internal("no randomness for a webhook secret (RAND_bytes failed)");
  }
  return "whsec_" + Base64(bytes, sizeof bytes);
}

core::Result<std::string> DecodeSecret(std::string_view secret) {
  if (secret.starts_with("whsec_")) secret.remove_prefix(6);
  if (secret.empty() || secret.size() % 4 != 0 || secret.size() > 1024 ||
      secret.find_first_not_of(
          "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=") !=
          std::string_view::npos) {
    return core::InvalidArgument("the webhook secret must be \"whsec_\" and base64");
  }
  std::string key(secret.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(key.data()),
                          reinterpret_cast<const unsigned char*>(secret.data()),
                          static_cast<int>(secret.size()));
  if (n < 0) return core::InvalidArgument("the webhook secret is not valid base64");
  // EVP_DecodeBlock counts padding as zero bytes; the '=' at the end say how many.
  size_t pad = secret.ends_with("==") ? 2 : secret.ends_with("=") ? 1 : 0;
  key.resize(static_cast<size_t>(n) - pad);
  if (key.size() < 24 || key.size() > 64) {
    return core::InvalidArgument("the webhook secret must decode to 24 to 64 bytes (got " +
                                 std::to_string(key.size()) + ")");
  }
  return key;
}

std::string Sign(std::string_view key, std::string_view id, std::int64_t timestamp,
                 std::string_view body) {
  std::string signed_content;
  signed_content.reserve(id.size() + body.size() + 24);
  signed_content.append(id).append(".").append(std::to_string(timestamp)).append(".").append(body);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(signed_content.data()), signed_content.size(), mac,
       &mac_size);
  return "v1," + Base64(mac, mac_size);
}

}  // namespace manimd::webhooks
