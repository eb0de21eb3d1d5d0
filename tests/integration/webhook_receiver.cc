// Plain sockets and poll(): the receiver must not share code with what it checks.
#include "webhook_receiver.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <sstream>

#include "manimd_process.h"

namespace manimd::testing_support {

WebhookReceiver::WebhookReceiver(std::deque<int> statuses) : statuses_(std::move(statuses)) {
  listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr = Loopback(0);
  socklen_t len = sizeof addr;
  if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      listen(listen_fd_, 16) == 0 &&
      getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port_ = ntohs(addr.sin_port);
  }
  thread_ = std::thread([this] { Serve(); });
}

WebhookReceiver::~WebhookReceiver() {
  stop_ = true;
  thread_.join();
  close(listen_fd_);
}

std::vector<ReceivedWebhook> WebhookReceiver::Received() {
  std::lock_guard lock(mu_);
  return received_;
}

bool WebhookReceiver::WaitFor(size_t n, int timeout_s) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  while (std::chrono::steady_clock::now() < deadline) {
    if (Received().size() >= n) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return Received().size() >= n;
}

void WebhookReceiver::Serve() {
  while (!stop_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    ++connections_;
    Handle(fd);
    close(fd);
  }
}

// One request per connection (manimd opens one per attempt); bounded in size and time.
void WebhookReceiver::Handle(int fd) {
  std::string data;
  size_t header_end = std::string::npos, need = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline && data.size() < (1 << 20)) {
    if (header_end != std::string::npos && data.size() >= header_end + 4 + need) break;
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    char buf[8192];
    ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) return;
    data.append(buf, static_cast<size_t>(n));
    if (header_end == std::string::npos && (header_end = data.find("\r\n\r\n")) != data.npos) {
      std::string lower = data.substr(0, header_end);
      std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
      size_t cl = lower.find("content-length:");
      if (cl != std::string::npos) need = std::stoul(lower.substr(cl + 15));
    }
  }
  if (header_end == std::string::npos) return;
  ReceivedWebhook hook;
  std::istringstream head(data.substr(0, header_end));
  std::string line;
  std::getline(head, line);
  std::istringstream first(line);
  std::string method;
  first >> method >> hook.target;
  while (std::getline(head, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(), ::tolower);
    size_t start = line.find_first_not_of(' ', colon + 1);
    hook.headers[name] = start == std::string::npos ? "" : line.substr(start);
  }
  hook.body = data.substr(header_end + 4, need);
  int status = 200;
  {
    std::lock_guard lock(mu_);
    received_.push_back(hook);
    if (!statuses_.empty()) {
      status = statuses_.front();
      statuses_.pop_front();
    }
  }
  std::string reply = "HTTP/1.1 " + std::to_string(status) +
                      " X\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
  (void)!write(fd, reply.data(), reply.size());
}

std::string VerifyStandardWebhook(const std::string& secret, const ReceivedWebhook& hook) {
  auto header = [&](const char* name) {
    auto it = hook.headers.find(name);
    return it == hook.headers.end() ? std::string() : it->second;
  };
  std::string id = header("webhook-id"), timestamp = header("webhook-timestamp");
  std::string signatures = header("webhook-signature");
  if (id.empty() || timestamp.empty() || signatures.empty()) return "a header is missing";
  long long ts = std::stoll(timestamp);
  if (std::llabs(ts - static_cast<long long>(std::time(nullptr))) > 300) {
    return "timestamp too far from now";
  }
  std::string b64 = secret.substr(secret.rfind('_') + 1);
  std::string key(b64.size(), '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(key.data()),
                          reinterpret_cast<const unsigned char*>(b64.data()),
                          static_cast<int>(b64.size()));
  key.resize(static_cast<size_t>(n) - std::count(b64.begin(), b64.end(), '='));
  std::string content = id + "." + timestamp + "." + hook.body;
  unsigned char mac[32];
  unsigned int mac_len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(content.data()), content.size(), mac, &mac_len);
  std::string expected(44, '\0');
  EVP_EncodeBlock(reinterpret_cast<unsigned char*>(expected.data()), mac, 32);
  std::istringstream each(signatures);
  std::string sig;
  while (each >> sig) {
    if (sig == "v1," + expected) return "";
  }
  return "no signature matches";
}

}  // namespace manimd::testing_support
