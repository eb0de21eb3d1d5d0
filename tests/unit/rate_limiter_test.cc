// RateLimiter on a ManualClock: a key's minute window, what the headers report, and keys
// kept apart.
#include "auth/rate_limiter.h"

#include <gtest/gtest.h>

namespace manimd::auth {
namespace {

TEST(RateLimiterTest, AllowsTheRateThenRefusesUntilTheWindowEnds) {
  core::ManualClock clock(1'000'000);
  RateLimiter limiter(&clock);
  for (int i = 0; i < 3; ++i) {
    RateDecision d = limiter.Take("a", 3);
    EXPECT_TRUE(d.allowed);
    EXPECT_EQ(d.limit, 3);
    EXPECT_EQ(d.remaining, 2 - i);
    EXPECT_EQ(d.reset_s, 60);
  }
  clock.Advance(20'500);
  RateDecision refused = limiter.Take("a", 3);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.remaining, 0);
  EXPECT_EQ(refused.reset_s, 40);  // 39.5 s left, rounded up
  clock.Advance(39'500);
  RateDecision again = limiter.Take("a", 3);
  EXPECT_TRUE(again.allowed);
  EXPECT_EQ(again.remaining, 2);
}

TEST(RateLimiterTest, KeysHaveTheirOwnWindows) {
  core::ManualClock clock;
  RateLimiter limiter(&clock);
  EXPECT_TRUE(limiter.Take("a", 1).allowed);
  EXPECT_FALSE(limiter.Take("a", 1).allowed);
  EXPECT_TRUE(limiter.Take("b", 1).allowed);
}

TEST(RateLimiterTest, AClockGoingBackStartsAFreshWindow) {
  core::ManualClock clock(100'000);
  RateLimiter limiter(&clock);
  EXPECT_TRUE(limiter.Take("a", 1).allowed);
  clock.Set(50'000);
  RateDecision d = limiter.Take("a", 1);
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.reset_s, 60);
}

}  // namespace
}  // namespace manimd::auth
