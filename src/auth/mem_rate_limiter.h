// MemRateLimiter: the RateLimiter of a single node, counted in this process. A cluster
// uses RedisRateLimiter instead: in memory, N API nodes would let a key through N times.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "auth/rate_limiter.h"
#include "core/clock.h"

namespace manimd::auth {

class MemRateLimiter : public RateLimiter {
 public:
  // `clock` must outlive the limiter.
  explicit MemRateLimiter(const core::Clock* clock) : clock_(clock) {}

  RateDecision Take(const std::string& key_id, int per_minute) override;

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
