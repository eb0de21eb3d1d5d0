// AWS Signature Version 4 for S3 (service "s3", AWS4-HMAC-SHA256) on OpenSSL: the signing
// headers of one request and presigned URLs. Sends nothing; the S3 client does the HTTP.
// Spec: docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-authenticating-requests.html
#pragma once

#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace manimd::storage {

// Never log any of these (STYLE §9).
struct AwsCredentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // Empty unless the credentials are temporary (STS).
};

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// sha256("") in hex: the payload hash of a request without a body.
inline constexpr char kEmptySha256[] =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
// The payload hash that signs no body (always used by presigned URLs).
inline constexpr char kUnsignedPayload[] = "UNSIGNED-PAYLOAD";

// One request as the S3 client will send it. All texts are raw; the signer encodes them.
struct SignedRequest {
  std::string method;  // "PUT"
  // Exactly the Host header that will be sent: "bucket.s3.eu-west-1.amazonaws.com",
  // "127.0.0.1:9000" (with the port unless it is the scheme's default).
  std::string host;
  // Unencoded: "/bucket/videos/u/A B.mp4". Each byte other than A-Za-z0-9-._~ and '/' is
  // percent-encoded; nothing is normalized ("//" and "." segments stay, as S3 requires).
  std::string path;
  // Unencoded names and values, in the order they go into a presigned URL; the signer
  // encodes them ('/' too) and sorts them for the signature. "?lifecycle" is {"lifecycle", ""}.
  HeaderList query;
  // Further headers to sign and send (content-type, range, ...), any case. Not "host", which
  // is always signed from `host`; not the headers SignHeaders adds.
  HeaderList headers;
  // Hex sha256 of the body, kUnsignedPayload, or empty for kEmptySha256.
  std::string payload_sha256;
};

// The headers to add to `request` for header-based auth at `now` (UTC seconds) in `region`:
// x-amz-date, x-amz-content-sha256, x-amz-security-token (only with a session token) and
// authorization, in that order, names in lower case. Host and request.headers must be sent
// byte for byte as given.
HeaderList SignHeaders(const SignedRequest& request, const AwsCredentials& credentials,
                       const std::string& region, std::time_t now);

// "<scheme>://<host><encoded path>?<query>" authorizing `request` for `expires_s` seconds
// from `now`. The query holds request.query, then X-Amz-Algorithm, -Credential, -Date,
// -Expires, -SignedHeaders, -Security-Token (with a session token), -Signature: botocore's
// order. Signs request.headers besides host, so the user of the URL must send them too.
// request.payload_sha256 is ignored: presigned URLs sign kUnsignedPayload.
// REQUIRES: 1 <= expires_s <= 604800 (S3's limit of 7 days); values outside are clamped.
std::string PresignUrl(const std::string& scheme, const SignedRequest& request,
                       const AwsCredentials& credentials, const std::string& region,
                       std::time_t now, int expires_s);

// S3's URI encoding: every byte except A-Za-z0-9-._~ becomes %XX (upper-case hex);
// '/' is kept when `keep_slash` (object paths) and encoded otherwise (query names, values).
std::string UriEncode(std::string_view s, bool keep_slash);

// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

// Lower-case hex SHA-256 of `length` bytes of `fd` at `offset`, read with pread in 1 MiB
// chunks (constant memory; the file position is untouched). Errors: kInvalidArgument when
// the file ends before offset + length, kInternal when a read fails.
core::Result<std::string> Sha256HexOfFileRange(int fd, uint64_t offset, uint64_t length);

// The intermediate texts, exposed for tests against published examples.
// CanonicalRequest signs `request` exactly: host plus request.headers (so the caller adds
// x-amz-date and the like first), request.query, and the payload hash.
std::string CanonicalRequest(const SignedRequest& request);
// "AWS4-HMAC-SHA256\n<amz date>\n<date>/<region>/s3/aws4_request\n<sha256 of canonical>".
std::string StringToSign(std::string_view canonical_request, std::string_view region,
                         std::time_t now);

}  // namespace manimd::storage
