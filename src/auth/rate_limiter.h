// RateLimiter: requests per minute per key, in a fixed one-minute window per key (the
// window a client sees in RateLimit-Reset). Two implementations: MemRateLimiter counts in
// this process (a single node); RedisRateLimiter counts in Redis, shared by every API
// node of a cluster (docs/auth.md).
#pragma once

#include <cstdint>
#include <string>

namespace manimd::auth {

struct RateDecision {
  bool allowed = true;
  int limit = 0;      // the key's requests per minute
  int remaining = 0;  // left in this window after this request
  int reset_s = 0;    // seconds until the window starts afresh (>= 1)
};

constexpr std::int64_t kRateWindowMs = 60'000;

class RateLimiter {
 public:
  virtual ~RateLimiter() = default;
  // Counts one request of `key_id` against `per_minute` (> 0). Thread-safe. Never fails:
  // an implementation that cannot count lets the request through (and says so in its log).
  virtual RateDecision Take(const std::string& key_id, int per_minute) = 0;
};

// The answer for a request that made `count` requests (itself included) in a window with
// `left_ms` to run: both implementations decide with this one function.
RateDecision DecideWindow(std::int64_t count, std::int64_t left_ms, int per_minute);

}  // namespace manimd::auth
