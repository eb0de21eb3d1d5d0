// Sender: one HTTP POST of a webhook. CurlSender (libcurl) in production; tests of the
// dispatcher may script their own.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace manimd::webhooks {

struct SendResult {
  int status = 0;        // the HTTP status; 0 when no answer came
  std::string error;     // why no answer came (connect, timeout, refused address); "" otherwise
  bool refused = false;  // the address policy refused every address: never worth a retry
};

class Sender {
 public:
  virtual ~Sender() = default;
  // POSTs `body` (application/json) with `headers` to `url`; never follows a redirect.
  // CurlSender is thread-safe (a curl handle per call); fakes say what they are.
  virtual SendResult Post(const std::string& url,
                          const std::vector<std::pair<std::string, std::string>>& headers,
                          const std::string& body) = 0;
};

struct CurlSenderOptions {
  bool allow_private = false;  // WEBHOOK_ALLOW_PRIVATE: skip the address policy
  long timeout_ms = 10000;     // the whole attempt, connect included
};

class CurlSender : public Sender {
 public:
  explicit CurlSender(CurlSenderOptions options) : options_(options) {}
  SendResult Post(const std::string& url,
                  const std::vector<std::pair<std::string, std::string>>& headers,
                  const std::string& body) override;

 private:
  const CurlSenderOptions options_;
};

}  // namespace manimd::webhooks
