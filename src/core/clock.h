// Clock: wall time for timestamps, behind an interface so tests can set the time.
#pragma once

#include <chrono>
#include <cstdint>

namespace manimd::core {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch. Thread-safe.
  virtual std::int64_t NowMs() const = 0;
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
