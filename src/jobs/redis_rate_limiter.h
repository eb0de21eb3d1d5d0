// RedisRateLimiter: the RateLimiter of a cluster. Each key's window is one counter in
// Redis (redis_keys::Rate), so all API nodes together let a key through its rate, not N
// times it. If Redis cannot be reached it fails open (docs/auth.md says why).
#pragma once

#include <atomic>

#include "auth/rate_limiter.h"
#include "redis/redis_client.h"

namespace manimd::jobs {

class RedisRateLimiter : public auth::RateLimiter {
 public:
  // `client` must outlive the limiter; best its own (a check on every request should not
  // queue behind job reads on a shared connection).
  explicit RedisRateLimiter(redis::RedisClient* client) : client_(client) {}

  // Lets the request through, with the headers of a fresh window, when Redis fails; logs
  // that at most once a minute.
  auth::RateDecision Take(const std::string& key_id, int per_minute) override;

 private:
  redis::RedisClient* const client_;
  std::atomic<std::int64_t> last_warning_ms_{0};  // steady clock; 0: never warned
};

}  // namespace manimd::jobs
