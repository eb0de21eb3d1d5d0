// The open subscriptions/listen streams: at most a fixed number per caller (each holds a
// connection and watches on jobs for as long as the client keeps it), and a way to end
// them all when the server stops, so each can answer its graceful-closure result first.
// Thread-safe: streams open and close on any connection's thread, CloseAll runs on the
// stopping thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>

namespace manimd::mcp {

class ListenRegistry {
 public:
  // `per_caller`: streams one caller may hold open at once (>= 1).
  explicit ListenRegistry(int per_caller) : per_caller_(per_caller) {}

  // An open stream; closes (frees its place) when destroyed. Move-only. REQUIRES: the
  // registry outlives it.
  class Handle {
   public:
    Handle() = default;
    Handle(Handle&& other) noexcept { *this = std::move(other); }
    Handle& operator=(Handle&& other) noexcept;
    ~Handle() { Reset(); }
    void Reset();

   private:
    friend class ListenRegistry;
    ListenRegistry* registry_ = nullptr;
    std::uint64_t serial_ = 0;
  };

  enum class Refusal { kNone, kTooMany, kClosing };

  // Opens a stream for `caller`: kTooMany when it holds per_caller() already, kClosing
  // after CloseAll. `close` runs (on CloseAll's thread, without the lock) when the server
  // ends every stream while this one is open.
  [[nodiscard]] Refusal Open(const std::string& caller, std::function<void()> close,
                             Handle* handle);
  // Ends every open stream (runs their `close`) and refuses new ones from now on.
  void CloseAll();

  int per_caller() const { return per_caller_; }
  int open(const std::string& caller) const;  // streams `caller` holds now
  int open() const;                           // all of them

 private:
  struct Entry {
    std::string caller;
    std::function<void()> close;
  };
  void Remove(std::uint64_t serial);

  const int per_caller_;
  mutable std::mutex mu_;
  std::map<std::uint64_t, Entry> streams_;      // guarded by mu_
  std::map<std::string, int> per_caller_open_;  // guarded by mu_; no zero entries
  std::uint64_t next_serial_ = 1;               // guarded by mu_
  bool closing_ = false;                        // guarded by mu_
};

}  // namespace manimd::mcp
