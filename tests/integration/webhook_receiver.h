// A webhook receiver for tests: an HTTP/1.1 server on 127.0.0.1 on its own thread that
// records every POST, answers each with the next status of a script (then 200), and
// verifies Standard Webhooks signatures the way the reference libraries do.
#pragma once

#include <atomic>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace manimd::testing_support {

struct ReceivedWebhook {
  std::string target;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};

class WebhookReceiver {
 public:
  explicit WebhookReceiver(std::deque<int> statuses = {});
  ~WebhookReceiver();  // stops the thread
  int port() const { return port_; }
  std::string Url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }
  std::vector<ReceivedWebhook> Received();
  int Connections() const { return connections_.load(); }
  // Waits up to `timeout_s` for at least `n` requests.
  bool WaitFor(size_t n, int timeout_s);

 private:
  void Serve();
  void Handle(int fd);

  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  std::mutex mu_;
  std::deque<int> statuses_;               // guarded by mu_
  std::vector<ReceivedWebhook> received_;  // guarded by mu_
  std::thread thread_;
};

// What a Standard Webhooks library's verify() checks: the secret ("whsec_" + base64),
// webhook-id, webhook-timestamp within five minutes of now, and one of the space-separated
// "v1,<base64>" signatures equal to HMAC-SHA256 over "id.timestamp.body". "" when valid,
// else what is wrong.
std::string VerifyStandardWebhook(const std::string& secret, const ReceivedWebhook& hook);

}  // namespace manimd::testing_support
