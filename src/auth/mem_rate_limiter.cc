// A refused request is not counted, so a client hammering at its limit does not push
// the count further (the window's end does not move either way).
#include "auth/mem_rate_limiter.h"

namespace manimd::auth {
namespace {
constexpr size_t kPruneAbove = 10'000;  // keys with a window; beyond this, old ones go
}  // namespace

RateDecision MemRateLimiter::Take(const std::string& key_id, int per_minute) {
  std::int64_t now = clock_->NowMs();
  std::lock_guard lock(mu_);
  if (windows_.size() > kPruneAbove) {
    std::erase_if(windows_,
                  [&](const auto& kv) { return now - kv.second.start_ms >= kRateWindowMs; });
  }
  Window& w = windows_[key_id];
  if (now - w.start_ms >= kRateWindowMs || now < w.start_ms) w = Window{now, 0};
  RateDecision d = DecideWindow(w.used + 1, w.start_ms + kRateWindowMs - now, per_minute);
  if (d.allowed) ++w.used;
  return d;
}

}  // namespace manimd::auth
