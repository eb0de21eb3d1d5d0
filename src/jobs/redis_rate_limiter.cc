// One Lua script per request rather than MULTI { INCR; PEXPIRE }: the expiry must be set
// only when the window starts (a PEXPIRE on every request would push the window's end
// forward forever), and the script also returns the time left (PTTL) for RateLimit-Reset
// in the same round trip. The window runs on Redis's clock, so nodes with skewed clocks
// still agree. Refused requests count too; they change nothing but the counter.
//
// Fail open: a render service whose Redis is away cannot take jobs anyway (submits answer
// 503), and refusing reads and health-adjacent calls for every tenant over a counter
// would turn a Redis blip into a full outage; the log says it once a minute.
#include "jobs/redis_rate_limiter.h"

#include <chrono>

#include "core/log.h"
#include "jobs/redis_keys.h"

namespace manimd::jobs {
namespace {

// KEYS: the key's counter. ARGV: window ms. Returns {count, ms left in the window}.
const redis::RedisScript kTake = redis::RedisScript::Of(R"lua(
local n = redis.call('INCR', KEYS[1])
local left = redis.call('PTTL', KEYS[1])
if left < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  left = tonumber(ARGV[1])
end
return {n, left}
)lua");

std::int64_t SteadyMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

auth::RateDecision RedisRateLimiter::Take(const std::string& key_id, int per_minute) {
  core::Result<redis::RedisReply> r =
      client_->Eval(kTake, {redis_keys::Rate(key_id)}, {std::to_string(auth::kRateWindowMs)});
  if (r.ok() && r->elements.size() == 2) {
    return auth::DecideWindow(r->elements[0].integer, r->elements[1].integer, per_minute);
  }
  std::int64_t now = SteadyMs();
  std::int64_t last = last_warning_ms_.load();
  if ((last == 0 || now - last >= auth::kRateWindowMs) &&
      last_warning_ms_.compare_exchange_strong(last, now)) {
    core::LogEvent(core::LogLevel::kWarn, "auth.rate_limit_unavailable",
                   {{"reason", r.ok() ? std::string("unexpected reply") : r.status().message()},
                    {"effect", std::string("requests are let through uncounted")}});
  }
  return auth::DecideWindow(0, auth::kRateWindowMs, per_minute);
}

}  // namespace manimd::jobs
