// Counted per caller (the API key; every anonymous caller shares the empty id) because
// a listen stream is cheap to open and holds its connection until the client leaves:
// without a bound one client could hold MAX_CONNECTIONS of them.
#include "mcp/listen_registry.h"

#include <utility>
#include <vector>

namespace manimd::mcp {

ListenRegistry::Handle& ListenRegistry::Handle::operator=(Handle&& other) noexcept {
  if (this != &other) {
    Reset();
    registry_ = std::exchange(other.registry_, nullptr);
    serial_ = std::exchange(other.serial_, 0);
  }
  return *this;
}

void ListenRegistry::Handle::Reset() {
  if (registry_ != nullptr) std::exchange(registry_, nullptr)->Remove(serial_);
}

ListenRegistry::Refusal ListenRegistry::Open(const std::string& caller, std::function<void()> close,
                                             Handle* handle) {
  std::lock_guard lock(mu_);
  if (closing_) return Refusal::kClosing;
  int& count = per_caller_open_[caller];
  if (count >= per_caller_) {
    if (count == 0) per_caller_open_.erase(caller);
    return Refusal::kTooMany;
  }
  ++count;
  std::uint64_t serial = next_serial_++;
  streams_.emplace(serial, Entry{caller, std::move(close)});
  handle->Reset();
  handle->registry_ = this;
  handle->serial_ = serial;
  return Refusal::kNone;
}

void ListenRegistry::CloseAll() {
  std::vector<std::function<void()>> closes;
  {
    std::lock_guard lock(mu_);
    closing_ = true;
    for (const auto& [serial, entry] : streams_) closes.push_back(entry.close);
  }
  for (auto& close : closes) close();
}

int ListenRegistry::open(const std::string& caller) const {
  std::lock_guard lock(mu_);
  auto it = per_caller_open_.find(caller);
  return it == per_caller_open_.end() ? 0 : it->second;
}

int ListenRegistry::open() const {
  std::lock_guard lock(mu_);
  return static_cast<int>(streams_.size());
}

void ListenRegistry::Remove(std::uint64_t serial) {
  std::lock_guard lock(mu_);
  auto it = streams_.find(serial);
  if (it == streams_.end()) return;
  auto count = per_caller_open_.find(it->second.caller);
  if (count != per_caller_open_.end() && --count->second <= 0) per_caller_open_.erase(count);
  streams_.erase(it);
}

}  // namespace manimd::mcp
