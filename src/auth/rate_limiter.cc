// Fixed windows rather than a sliding log: one counter per key, and the reset time the
// RateLimit headers report is exact.
#include "auth/rate_limiter.h"

#include <algorithm>

namespace manimd::auth {

RateDecision DecideWindow(std::int64_t count, std::int64_t left_ms, int per_minute) {
  RateDecision d;
  d.limit = per_minute;
  std::int64_t left = std::clamp<std::int64_t>(left_ms, 0, kRateWindowMs);
  d.reset_s = static_cast<int>(std::max<std::int64_t>(1, (left + 999) / 1000));
  d.allowed = count <= per_minute;
  d.remaining = static_cast<int>(std::clamp<std::int64_t>(per_minute - count, 0, per_minute));
  return d;
}

}  // namespace manimd::auth
