// The cluster's tenant limits against a real redis-server: RedisRateLimiter (one window
// per key for every node, failing open while Redis is away), RedisTenantSlots (a tenant's
// concurrency as leases) and RedisQueue::PutBack (a deferred job goes behind the others).
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "jobs/redis_job_store.h"
#include "jobs/redis_queue.h"
#include "jobs/redis_rate_limiter.h"
#include "jobs/redis_tenant_slots.h"
#include "redis/redis_url.h"
#include "redis_server.h"
#include "test_util.h"

namespace manimd::jobs {
namespace {

using testing_support::RedisServer;

class RedisTenantLimitsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(server_.url().empty()) << server_.log();
    address_ = *redis::ParseRedisUrl(server_.url());
  }
  std::unique_ptr<redis::RedisClient> Client() {
    return redis::RedisClient::Lazy(
        address_, {std::chrono::milliseconds(500), std::chrono::milliseconds(2000)});
  }
  RedisServer server_;
  redis::RedisAddress address_;
};

TEST_F(RedisTenantLimitsTest, TwoNodesShareOneWindowPerKey) {
  auto a_client = Client(), b_client = Client();
  RedisRateLimiter a(a_client.get()), b(b_client.get());
  auth::RateDecision first = a.Take("key_1", 3);
  EXPECT_TRUE(first.allowed);
  EXPECT_EQ(first.remaining, 2);
  EXPECT_GE(first.reset_s, 59);
  EXPECT_TRUE(b.Take("key_1", 3).allowed);
  auth::RateDecision third = a.Take("key_1", 3);
  EXPECT_TRUE(third.allowed);
  EXPECT_EQ(third.remaining, 0);
  auth::RateDecision fourth = b.Take("key_1", 3);
  EXPECT_FALSE(fourth.allowed);
  EXPECT_EQ(fourth.limit, 3);
  EXPECT_GE(fourth.reset_s, 1);
  EXPECT_LE(fourth.reset_s, 60);
  EXPECT_TRUE(b.Take("key_2", 3).allowed);  // another key, another window
  // The window ends with the counter: the next request starts a fresh one.
  EXPECT_EQ(server_.Command({"DEL", "manimd:rate:key_1"}), ":1");
  EXPECT_TRUE(a.Take("key_1", 3).allowed);
}

TEST_F(RedisTenantLimitsTest, FailsOpenWhileRedisIsAway) {
  auto client = Client();
  RedisRateLimiter limiter(client.get());
  EXPECT_TRUE(limiter.Take("key_1", 1).allowed);
  EXPECT_FALSE(limiter.Take("key_1", 1).allowed);
  server_.Stop();
  for (int i = 0; i < 3; ++i) {
    auth::RateDecision d = limiter.Take("key_1", 1);
    EXPECT_TRUE(d.allowed);
    EXPECT_EQ(d.limit, 1);
  }
  ASSERT_TRUE(server_.Start());
  // Back (AOF kept the counter): counted again.
  bool refused = false;
  for (int i = 0; i < 50 && !refused; ++i) {
    refused = !limiter.Take("key_1", 1).allowed;
    if (!refused) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(refused);
}

TEST_F(RedisTenantLimitsTest, ATenantHoldsAtMostItsLimitOfSlots) {
  auto client = Client();
  RedisTenantSlots slots(client.get(), std::chrono::seconds(30));
  EXPECT_TRUE(*slots.Take("key_a", "job1", 2));
  EXPECT_TRUE(*slots.Take("key_a", "job2", 2));
  EXPECT_FALSE(*slots.Take("key_a", "job3", 2));
  EXPECT_TRUE(*slots.Take("key_a", "job1", 2));  // a job holding one keeps it
  EXPECT_TRUE(*slots.Take("key_b", "job9", 1));  // other tenants are not affected
  ASSERT_TRUE(slots.Release("key_a", "job2").ok());
  ASSERT_TRUE(slots.Release("key_a", "job2").ok());  // idempotent
  EXPECT_TRUE(*slots.Take("key_a", "job3", 2));
  EXPECT_FALSE(*slots.Take("key_a", "job4", 2));
  ASSERT_TRUE(slots.Hold("key_a", "job2").ok());  // given back: Hold does not revive it
  EXPECT_FALSE(*slots.Take("key_a", "job4", 2));
}

TEST_F(RedisTenantLimitsTest, ASlotNotHeldEndsWithItsLease) {
  // A worker that died holds its slot no longer than the lease: nobody calls Hold.
  auto client = Client();
  RedisTenantSlots dead(client.get(), std::chrono::milliseconds(300));
  RedisTenantSlots alive(client.get(), std::chrono::seconds(30));
  ASSERT_TRUE(*dead.Take("key_a", "orphan", 1));
  EXPECT_FALSE(*alive.Take("key_a", "next", 1));
  bool taken = false;
  for (int i = 0; i < 100 && !taken; ++i) {  // at most 10 s
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    taken = *alive.Take("key_a", "next", 1);
  }
  EXPECT_TRUE(taken);
}

TEST_F(RedisTenantLimitsTest, APutBackJobGoesBehindTheOthers) {
  auto client = Client();
  RedisJobStore store(client.get());
  RedisQueue queue(client.get(), "test-0");
  ASSERT_TRUE(queue.EnsureGroup().ok());
  Job first = testing::MakeJob("first");
  Job second = testing::MakeJob("second");
  ASSERT_TRUE(store.Submit(&first, 10).ok());
  ASSERT_TRUE(store.Submit(&second, 10).ok());
  auto taken = queue.Read(std::chrono::milliseconds(100));
  ASSERT_TRUE(taken.ok() && *taken);
  EXPECT_EQ((*taken)->job_id, "first");
  ASSERT_TRUE(queue.PutBack(**taken).ok());
  auto next = queue.Read(std::chrono::milliseconds(100));
  ASSERT_TRUE(next.ok() && *next);
  EXPECT_EQ((*next)->job_id, "second");
  auto again = queue.Read(std::chrono::milliseconds(100));
  ASSERT_TRUE(again.ok() && *again);
  EXPECT_EQ((*again)->job_id, "first");
  EXPECT_NE((*again)->entry_id, (*taken)->entry_id);
  // The first entry is gone, not pending: nobody takes it over after a lease.
  EXPECT_EQ(server_.Command({"XPENDING", "manimd:queue", "workers", "-", "+", "10"}), "*2");
  EXPECT_EQ(*store.QueuedCount(), 2);  // both still waiting to render
}

}  // namespace
}  // namespace manimd::jobs
