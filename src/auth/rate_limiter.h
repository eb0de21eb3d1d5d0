// RateLimiter: requests per minute per key, a fixed one-minute window per key (the
// window a client sees in RateLimit-Reset). In memory, per process: a cluster of N API
// nodes lets a key through up to N times its rate (docs/auth.md).
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "core/clock.h"

namespace manimd::auth {

struct RateDecision {
  bool allowed = true;
  int limit = 0;      // the key's requests per minute
  int remaining = 0;  // left in this window after this request
  int reset_s = 0;    // seconds until the window starts afresh (>= 1)
};

class RateLimiter {
 public:
  // `clock` must outlive the limiter.
  explicit RateLimiter(const core::Clock* clock) : clock_(clock) {}

  // Counts one request of `key_id` against `per_minute` (> 0). Thread-safe.
  RateDecision Take(const std::string& key_id, int per_minute);

 private:
  struct Window {
    std::int64_t start_ms = 0;
    int used = 0;
  };
  const core::Clock* const clock_;
  std::mutex mu_;
  std::map<std::string, Window> windows_;  // guarded by mu_; stale ones pruned as they go
};

}  // namespace manimd::auth
