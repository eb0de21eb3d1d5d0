// Clock: wall time for timestamps, behind an interface so tests can set the time
// (ManualClock).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace manimd::core {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch. Thread-safe.
  virtual std::int64_t NowMs() const = 0;
};

// A clock that stands still until told otherwise; for tests. Thread-safe.
class ManualClock : public Clock {
 public:
  explicit ManualClock(std::int64_t now_ms = 1000) : now_ms_(now_ms) {}
  std::int64_t NowMs() const override { return now_ms_.load(); }
  void Set(std::int64_t now_ms) { now_ms_.store(now_ms); }
  void Advance(std::int64_t ms) { now_ms_.fetch_add(ms); }

 private:
  std::atomic<std::int64_t> now_ms_;
};

class SystemClock : public Clock {
 public:
  std::int64_t NowMs() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

}  // namespace manimd::core
