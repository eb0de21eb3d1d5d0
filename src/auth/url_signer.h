// UrlSigner: expiring links to local files (/files/<key>?expires=<unix s>&sig=<hex>), the
// local counterpart of S3's presigned URLs: with auth on, a link in a job's answer works
// for whoever holds it until it expires, and nobody can make one without the secret.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/clock.h"

namespace manimd::auth {

class UrlSigner {
 public:
  // `secret`: any bytes (URL_SIGNING_KEY, or random per process); `clock` must outlive it.
  UrlSigner(std::string secret, int expires_s, const core::Clock* clock)
      : secret_(std::move(secret)), expires_s_(expires_s), clock_(clock) {}

  // `path` ("/files/<key>") with expires and sig appended as its query.
  std::string Sign(const std::string& path) const;

  // Whether `expires` and `sig` (the query's values) sign `path` and have not expired.
  bool Verify(std::string_view path, std::string_view expires, std::string_view sig) const;

 private:
  std::string Mac(std::string_view path, std::string_view expires) const;

  const std::string secret_;
  const int expires_s_;
  const core::Clock* const clock_;
};

// 32 random bytes as hex, for a signing secret that lives as long as the process.
std::string RandomSecret();

}  // namespace manimd::auth
