// The requests in flight that a notifications/cancelled may name. A request id only means
// something within one client's conversation, so entries are keyed by a scope (the
// caller and its Mcp-Session-Id) plus the id. Thread-safe: the cancellation arrives on
// another connection, often on another thread.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>

namespace manimd::mcp {

class CallRegistry {
 public:
  // A registration; unregisters when destroyed. Move-only. REQUIRES: the registry
  // outlives it.
  class Handle {
   public:
    Handle() = default;
    Handle(CallRegistry* registry, std::string key, std::uint64_t serial)
        : registry_(registry), key_(std::move(key)), serial_(serial) {}
    Handle(Handle&& other) noexcept { *this = std::move(other); }
    Handle& operator=(Handle&& other) noexcept;
    ~Handle() { Reset(); }
    void Reset();

   private:
    CallRegistry* registry_ = nullptr;
    std::string key_;
    std::uint64_t serial_ = 0;
  };

  // `cancel` runs (on the canceller's thread, without the registry's lock) if a
  // cancellation for (`scope`, `id`) arrives while the handle lives.
  [[nodiscard]] Handle Register(const std::string& scope, const boost::json::value& id,
                                std::function<void()> cancel);
  // Cancels every live request registered under (`scope`, `id`); how many there were.
  int Cancel(const std::string& scope, const boost::json::value& id);
  int size() const;

 private:
  struct Entry {
    std::uint64_t serial;
    std::function<void()> cancel;
  };
  void Remove(const std::string& key, std::uint64_t serial);

  mutable std::mutex mu_;
  std::multimap<std::string, Entry> calls_;  // guarded by mu_
  std::uint64_t next_serial_ = 1;            // guarded by mu_
};

}  // namespace manimd::mcp
