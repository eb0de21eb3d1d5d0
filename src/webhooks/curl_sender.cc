// libcurl as storage/ loads it. Server-side request forgery is stopped where the socket is
// opened (CURLOPT_OPENSOCKETFUNCTION sees the address curl is about to connect to, after
// its own DNS lookup), so a name that resolves, or re-resolves, to a private address is
// refused too; no proxy is used (one would connect for us), no redirect followed.
#include <fcntl.h>
#include <sys/socket.h>

#include "storage/curl_loader.h"
#include "webhooks/address_policy.h"
#include "webhooks/sender.h"

namespace manimd::webhooks {
namespace {

struct SocketGate {
  bool allow_private = false;
  std::string refused;  // the reason the last refused address had
};

curl_socket_t OpenSocket(void* clientp, curlsocktype purpose, curl_sockaddr* address) {
  auto* gate = static_cast<SocketGate*>(clientp);
  if (purpose != CURLSOCKTYPE_IPCXN) return CURL_SOCKET_BAD;
  if (!gate->allow_private) {
    std::string reason = ForbiddenReason(&address->addr);
    if (!reason.empty()) {
      gate->refused = reason;
      return CURL_SOCKET_BAD;
    }
  }
  return socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

size_t Discard(char*, size_t size, size_t n, void*) { return size * n; }

}  // namespace

SendResult CurlSender::Post(const std::string& url,
                            const std::vector<std::pair<std::string, std::string>>& headers,
                            const std::string& body) {
  SendResult result;
  core::Result<const storage::CurlApi*> loaded = storage::LoadCurl();
  if (!loaded.ok()) {
    result.error = loaded.status().message();
    return result;
  }
  const storage::CurlApi& curl = **loaded;
  CURL* h = curl.easy_init();
  if (h == nullptr) {
    result.error = "curl_easy_init failed";
    return result;
  }
  curl_slist* list = curl.slist_append(nullptr, "Content-Type: application/json");
  list = curl.slist_append(list, "Expect:");  // no 100-continue round trip
  for (const auto& [name, value] : headers) {
    list = curl.slist_append(list, (name + ": " + value).c_str());
  }
  SocketGate gate{options_.allow_private, ""};
  curl.easy_setopt(h, CURLOPT_URL, url.c_str());
  curl.easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl.easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl.easy_setopt(h, CURLOPT_PROXY, "");  // not even from http_proxy in the environment
  curl.easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl.easy_setopt(h, CURLOPT_TIMEOUT_MS, options_.timeout_ms);
  curl.easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, &OpenSocket);
  curl.easy_setopt(h, CURLOPT_OPENSOCKETDATA, &gate);
  curl.easy_setopt(h, CURLOPT_HTTPHEADER, list);
  curl.easy_setopt(h, CURLOPT_POST, 1L);
  curl.easy_setopt(h, CURLOPT_POSTFIELDS, body.data());
  curl.easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl.easy_setopt(h, CURLOPT_WRITEFUNCTION, &Discard);
  curl.easy_setopt(h, CURLOPT_USERAGENT, "manimd-webhooks");
  CURLcode rc = curl.easy_perform(h);
  long status = 0;
  if (rc == CURLE_OK) {
    curl.easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    result.status = static_cast<int>(status);
  } else if (!gate.refused.empty()) {
    result.refused = true;
    result.error = "refused: the callback address is " + gate.refused +
                   " (WEBHOOK_ALLOW_PRIVATE=true allows it)";
  } else {
    result.error = curl.easy_strerror(rc);
  }
  curl.slist_free_all(list);
  curl.easy_cleanup(h);
  return result;
}

}  // namespace manimd::webhooks
