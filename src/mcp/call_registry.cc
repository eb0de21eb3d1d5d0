// A multimap: a client may (wrongly) reuse an id while the first request still runs;
// cancelling then stops both rather than guessing which one was meant.
#include "mcp/call_registry.h"

#include <vector>

#include "mcp/json_rpc.h"

namespace manimd::mcp {

CallRegistry::Handle& CallRegistry::Handle::operator=(Handle&& other) noexcept {
  if (this != &other) {
    Reset();
    registry_ = other.registry_;
    key_ = std::move(other.key_);
    serial_ = other.serial_;
    other.registry_ = nullptr;
  }
  return *this;
}

void CallRegistry::Handle::Reset() {
  if (registry_ != nullptr) registry_->Remove(key_, serial_);
  registry_ = nullptr;
}

CallRegistry::Handle CallRegistry::Register(const std::string& scope, const boost::json::value& id,
                                            std::function<void()> cancel) {
  std::string key = scope + '\n' + IdKey(id);
  std::lock_guard lock(mu_);
  std::uint64_t serial = next_serial_++;
  calls_.emplace(key, Entry{serial, std::move(cancel)});
  return Handle(this, std::move(key), serial);
}

int CallRegistry::Cancel(const std::string& scope, const boost::json::value& id) {
  std::string key = scope + '\n' + IdKey(id);
  std::vector<std::function<void()>> found;
  {
    std::lock_guard lock(mu_);
    auto [begin, end] = calls_.equal_range(key);
    for (auto it = begin; it != end; ++it) found.push_back(it->second.cancel);
  }
  for (const auto& cancel : found) cancel();
  return static_cast<int>(found.size());
}

int CallRegistry::size() const {
  std::lock_guard lock(mu_);
  return static_cast<int>(calls_.size());
}

void CallRegistry::Remove(const std::string& key, std::uint64_t serial) {
  std::lock_guard lock(mu_);
  auto [begin, end] = calls_.equal_range(key);
  for (auto it = begin; it != end; ++it) {
    if (it->second.serial == serial) {
      calls_.erase(it);
      return;
    }
  }
}

}  // namespace manimd::mcp
