// S3Client: one signed request to an S3-compatible server over libcurl, and the retry
// policy around it. Knows addressing (virtual-hosted for AWS, path-style with an
// endpoint) and S3's error bodies; knows nothing of videos or multipart logic.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "storage/sigv4.h"

namespace manimd::storage {

struct S3Options {
  std::string bucket;
  std::string region = "us-east-1";
  std::string endpoint;  // "http://127.0.0.1:9000": path-style; empty: AWS, virtual-hosted
  AwsCredentials credentials;
  int max_attempts = 5;                         // per request, transient failures only
  std::chrono::milliseconds base_backoff{200};  // doubled per attempt, full jitter
  std::chrono::milliseconds max_backoff{5000};
  std::chrono::seconds timeout{300};  // one attempt, start to end
};

// The body of a request: nothing, text, or a byte range of an open file (streamed).
struct S3Body {
  std::string text;
  int fd = -1;  // when >= 0, [offset, offset + length) of this file is the body
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
};

struct S3Call {
  std::string method;  // GET, PUT, POST, DELETE, HEAD
  std::string key;     // object key; "" for the bucket itself
  HeaderList query;    // raw names and values
  HeaderList headers;  // signed and sent: content-type, ...
  S3Body body;
  int download_fd = -1;  // when >= 0, the answer's body goes to this file (open for reading
                         // too: an error's body is read back for S3's code)
};

struct S3Reply {
  int http_status = 0;          // 0: no HTTP answer at all
  std::string transport_error;  // curl's words when there was no answer
  std::string body;             // the first MiB; empty for a body written to download_fd
  std::string etag;
  std::string code;     // S3's <Code> on errors, e.g. "NoSuchBucket"
  std::string message;  // S3's <Message>
  bool ok() const { return http_status >= 200 && http_status < 300; }
};

class S3Client {
 public:
  // REQUIRES: options.bucket is set. Thread-safe: each call uses its own handle.
  explicit S3Client(S3Options options);

  // One attempt.
  S3Reply SendOnce(const S3Call& call) const;
  // Up to max_attempts with exponential backoff for transient failures (no answer, 5xx,
  // 429, SlowDown, RequestTimeout). Errors carry S3's code and message, with `what` as
  // context: kNotFound (NoSuchBucket, NoSuchKey), kUnavailable (still failing after every
  // attempt), kInternal (refused: AccessDenied, SignatureDoesNotMatch, ...).
  core::Result<S3Reply> Send(const S3Call& call, const std::string& what) const;

  // A presigned GET URL for `key`, valid `expires_s` seconds from now.
  std::string PresignGet(const std::string& key, int expires_s) const;

  const S3Options& options() const { return options_; }

  static bool IsTransient(const S3Reply& reply);

 private:
  SignedRequest Describe(const S3Call& call) const;  // host, path, query, headers
  // The payload hash set in `request`, and every header to send with the signature.
  core::Result<HeaderList> SignedHeaders(const S3Call& call, SignedRequest* request) const;
  std::string UrlOf(const SignedRequest& request) const;

  S3Options options_;
  std::string scheme_;       // "https" or "http"
  std::string host_;         // Host header: "bucket.s3.region.amazonaws.com" or "127.0.0.1:9000"
  std::string path_prefix_;  // "/bucket" with path-style, else ""
};

}  // namespace manimd::storage
