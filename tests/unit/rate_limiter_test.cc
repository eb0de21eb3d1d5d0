// MemRateLimiter on a ManualClock: a key's minute window, what the headers report, and keys
// kept apart; and DecideWindow, which RedisRateLimiter decides with too.
#include <gtest/gtest.h>

#include "auth/mem_rate_limiter.h"

namespace manimd::auth {
namespace {

TEST(RateLimiterTest, AllowsTheRateThenRefusesUntilTheWindowEnds) {
  core::ManualClock clock(1'000'000);
  MemRateLimiter limiter(&clock);
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
  MemRateLimiter limiter(&clock);
  EXPECT_TRUE(limiter.Take("a", 1).allowed);
  EXPECT_FALSE(limiter.Take("a", 1).allowed);
  EXPECT_TRUE(limiter.Take("b", 1).allowed);
}

TEST(RateLimiterTest, AClockGoingBackStartsAFreshWindow) {
  core::ManualClock clock(100'000);
  MemRateLimiter limiter(&clock);
  EXPECT_TRUE(limiter.Take("a", 1).allowed);
  clock.Set(50'000);
  RateDecision d = limiter.Take("a", 1);
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.reset_s, 60);
}

TEST(DecideWindowTest, CountsUpToTheRateThenRefuses) {
  RateDecision first = DecideWindow(1, 60'000, 3);
  EXPECT_TRUE(first.allowed);
  EXPECT_EQ(first.limit, 3);
  EXPECT_EQ(first.remaining, 2);
  EXPECT_EQ(first.reset_s, 60);
  RateDecision last = DecideWindow(3, 1'001, 3);
  EXPECT_TRUE(last.allowed);
  EXPECT_EQ(last.remaining, 0);
  EXPECT_EQ(last.reset_s, 2);  // rounded up
  RateDecision over = DecideWindow(4, 500, 3);
  EXPECT_FALSE(over.allowed);
  EXPECT_EQ(over.remaining, 0);
  EXPECT_EQ(over.reset_s, 1);
  EXPECT_FALSE(DecideWindow(1'000'000, 10, 3).allowed);  // far over: remaining stays 0
  EXPECT_EQ(DecideWindow(1'000'000, 10, 3).remaining, 0);
}

TEST(DecideWindowTest, OddTimesLeftStayWithinTheWindow) {
  // A counter without an expiry (PTTL -1) or one about to go (0) still gives 1..60 s.
  EXPECT_EQ(DecideWindow(1, -1, 5).reset_s, 1);
  EXPECT_EQ(DecideWindow(1, 0, 5).reset_s, 1);
  EXPECT_EQ(DecideWindow(1, 10'000'000, 5).reset_s, 60);
  RateDecision none = DecideWindow(0, 60'000, 5);  // nothing counted (fail open)
  EXPECT_TRUE(none.allowed);
  EXPECT_EQ(none.remaining, 5);
}

}  // namespace
}  // namespace manimd::auth
