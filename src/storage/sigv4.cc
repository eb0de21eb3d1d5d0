// SigV4 on OpenSSL 3 (EVP digests and one-shot HMAC, no deprecated calls). Canonical
// forms follow the S3 rules, which differ from other services: paths are encoded once and
// never normalized, and the payload hash is always signed in x-amz-content-sha256.
#include "storage/sigv4.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "core/check.h"

namespace manimd::storage {
namespace {

constexpr char kAlgorithm[] = "AWS4-HMAC-SHA256";

// OpenSSL only fails here on allocation failure or a broken build: a CHECK, not a Status.
void CheckOpenSsl(int ok, const char* what) {
  if (ok != 1) std::fprintf(stderr, "sigv4: %s failed\n", what);
  CHECK(ok == 1);
}

std::string Hex(const unsigned char* data, size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(size * 2, '\0');
  for (size_t i = 0; i < size; ++i) {
    out[2 * i] = kDigits[data[i] >> 4];
    out[2 * i + 1] = kDigits[data[i] & 0xf];
  }
  return out;
}

std::string HmacSha256(std::string_view key, std::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  CheckOpenSsl(
      HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &size) != nullptr,
      "HMAC");
  return std::string(reinterpret_cast<const char*>(mac), size);
}

// "20130524T000000Z"; its first 8 characters are the scope's date.
std::string AmzDate(std::time_t now) {
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &tm);
  return text;
}

std::string Scope(std::string_view region, std::time_t now) {
  return AmzDate(now).substr(0, 8) + "/" + std::string(region) + "/s3/aws4_request";
}

std::string SignatureHex(const AwsCredentials& credentials, std::string_view region,
                         std::time_t now, std::string_view string_to_sign) {
  std::string key = HmacSha256("AWS4" + credentials.secret_access_key, AmzDate(now).substr(0, 8));
  key = HmacSha256(key, region);
  key = HmacSha256(key, "s3");
  key = HmacSha256(key, "aws4_request");
  std::string mac = HmacSha256(key, string_to_sign);
  return Hex(reinterpret_cast<const unsigned char*>(mac.data()), mac.size());
}

// Lower-case names, values trimmed with inner runs of spaces and tabs collapsed to one
// space, sorted by name; repeated names are joined with ',' in their given order.
HeaderList CanonicalHeaders(const SignedRequest& request) {
  HeaderList headers = {{"host", request.host}};
  for (const auto& [name, value] : request.headers) {
    std::string lower = name;
    for (char& c : lower) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    std::string trimmed;
    bool space = false;
    for (char c : value) {
      if (c == ' ' || c == '\t') {
        space = !trimmed.empty();
      } else {
        if (space) trimmed += ' ';
        trimmed += c;
        space = false;
      }
    }
    headers.emplace_back(std::move(lower), std::move(trimmed));
  }
  std::stable_sort(headers.begin(), headers.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  HeaderList merged;
  for (auto& header : headers) {
    if (!merged.empty() && merged.back().first == header.first) {
      merged.back().second += "," + header.second;
    } else {
      merged.push_back(std::move(header));
    }
  }
  return merged;
}

std::string SignedHeaderNames(const HeaderList& canonical_headers) {
  std::string names;
  for (const auto& header : canonical_headers) {
    if (!names.empty()) names += ';';
    names += header.first;
  }
  return names;
}

std::string EncodeQuery(const HeaderList& query) {
  std::string text;
  for (const auto& [name, value] : query) {
    if (!text.empty()) text += '&';
    text += UriEncode(name, false) + "=" + UriEncode(value, false);
  }
  return text;
}

}  // namespace

std::string UriEncode(std::string_view s, bool keep_slash) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    // Spelled out rather than isalnum(), which depends on the locale.
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved || (c == '/' && keep_slash)) {
      out += c;
    } else {
      unsigned char b = static_cast<unsigned char>(c);
      out += '%';
      out += kDigits[b >> 4];
      out += kDigits[b & 0xf];
    }
  }
  return out;
}

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  CheckOpenSsl(EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(), nullptr),
               "EVP_Digest");
  return Hex(digest, size);
}

core::Result<std::string> Sha256HexOfFileRange(int fd, uint64_t offset, uint64_t length) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  CheckOpenSsl(ctx != nullptr, "EVP_MD_CTX_new");
  CheckOpenSsl(EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr), "EVP_DigestInit_ex");
  constexpr uint64_t kChunk = 1 << 20;
  std::vector<unsigned char> buffer(std::min(length, kChunk));
  while (length > 0) {
    ssize_t n = pread(fd, buffer.data(), std::min(length, kChunk), static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return core::Internal(std::string("hashing file range: ") + std::strerror(errno));
    if (n == 0) return core::InvalidArgument("hashing file range: the file ends before it");
    CheckOpenSsl(EVP_DigestUpdate(ctx.get(), buffer.data(), n), "EVP_DigestUpdate");
    offset += n;
    length -= n;
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  CheckOpenSsl(EVP_DigestFinal_ex(ctx.get(), digest, &size), "EVP_DigestFinal_ex");
  return Hex(digest, size);
}

std::string CanonicalRequest(const SignedRequest& request) {
  std::vector<std::pair<std::string, std::string>> query;
  for (const auto& [name, value] : request.query) {
    query.emplace_back(UriEncode(name, false), UriEncode(value, false));
  }
  std::sort(query.begin(), query.end());
  std::string text =
      request.method + "\n" + (request.path.empty() ? "/" : UriEncode(request.path, true)) + "\n";
  for (size_t i = 0; i < query.size(); ++i) {
    text += (i ? "&" : "") + query[i].first + "=" + query[i].second;
  }
  text += "\n";
  HeaderList headers = CanonicalHeaders(request);
  for (const auto& [name, value] : headers) text += name + ":" + value + "\n";
  text += "\n" + SignedHeaderNames(headers) + "\n";
  text += request.payload_sha256.empty() ? kEmptySha256 : request.payload_sha256;
  return text;
}

std::string StringToSign(std::string_view canonical_request, std::string_view region,
                         std::time_t now) {
  return std::string(kAlgorithm) + "\n" + AmzDate(now) + "\n" + Scope(region, now) + "\n" +
         Sha256Hex(canonical_request);
}

HeaderList SignHeaders(const SignedRequest& request, const AwsCredentials& credentials,
                       const std::string& region, std::time_t now) {
  HeaderList added = {{"x-amz-date", AmzDate(now)},
                      {"x-amz-content-sha256",
                       request.payload_sha256.empty() ? kEmptySha256 : request.payload_sha256}};
  if (!credentials.session_token.empty()) {
    added.emplace_back("x-amz-security-token", credentials.session_token);
  }
  SignedRequest signed_request = request;
  signed_request.headers.insert(signed_request.headers.end(), added.begin(), added.end());
  std::string signature = SignatureHex(credentials, region, now,
                                       StringToSign(CanonicalRequest(signed_request), region, now));
  added.emplace_back("authorization",
                     std::string(kAlgorithm) + " Credential=" + credentials.access_key_id + "/" +
                         Scope(region, now) +
                         ", SignedHeaders=" + SignedHeaderNames(CanonicalHeaders(signed_request)) +
                         ", Signature=" + signature);
  return added;
}

std::string PresignUrl(const std::string& scheme, const SignedRequest& request,
                       const AwsCredentials& credentials, const std::string& region,
                       std::time_t now, int expires_s) {
  SignedRequest signed_request = request;
  signed_request.payload_sha256 = kUnsignedPayload;
  HeaderList auth = {{"X-Amz-Algorithm", kAlgorithm},
                     {"X-Amz-Credential", credentials.access_key_id + "/" + Scope(region, now)},
                     {"X-Amz-Date", AmzDate(now)},
                     {"X-Amz-Expires", std::to_string(std::clamp(expires_s, 1, 604800))},
                     {"X-Amz-SignedHeaders", SignedHeaderNames(CanonicalHeaders(request))}};
  if (!credentials.session_token.empty()) {
    auth.emplace_back("X-Amz-Security-Token", credentials.session_token);
  }
  signed_request.query.insert(signed_request.query.end(), auth.begin(), auth.end());
  std::string signature = SignatureHex(credentials, region, now,
                                       StringToSign(CanonicalRequest(signed_request), region, now));
  return scheme + "://" + request.host +
         (request.path.empty() ? "/" : UriEncode(request.path, true)) + "?" +
         EncodeQuery(signed_request.query) + "&X-Amz-Signature=" + signature;
}

}  // namespace manimd::storage
