// Fixed windows rather than a sliding log: one counter per key, and the reset time the
// RateLimit headers report is exact.
#include "auth/rate_limiter.h"

#include <algorithm>

namespace manimd::auth {
namespace {
constexpr std::int64_t kWindowMs = 60'000;
constexpr size_t kPruneAbove = 10'000;  // keys with a window; beyond this, old ones go
}  // namespace

RateDecision RateLimiter::Take(const std::string& key_id, int per_minute) {
  std::int64_t now = clock_->NowMs();
  std::lock_guard lock(mu_);
  if (windows_.size() > kPruneAbove) {
    std::erase_if(windows_, [&](const auto& kv) { return now - kv.second.start_ms >= kWindowMs; });
  }
  Window& w = windows_[key_id];
  if (now - w.start_ms >= kWindowMs || now < w.start_ms) w = Window{now, 0};
  RateDecision d;
  d.limit = per_minute;
  d.reset_s =
      static_cast<int>(std::max<std::int64_t>(1, (w.start_ms + kWindowMs - now + 999) / 1000));
  if (w.used >= per_minute) {
    d.allowed = false;
    d.remaining = 0;
    return d;
  }
  ++w.used;
  d.remaining = per_minute - w.used;
  return d;
}

}  // namespace manimd::auth
