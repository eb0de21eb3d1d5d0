// The CacheIndex conformance suite (tests/cache_index_conformance.h) against
// RedisCacheIndex on a real redis-server, emptied before each test; plus what only Redis
// promises: entries expire with JOB_TTL, and RedisFlightLock's lease is one holder's,
// renewed and released only by it, and free again once it runs out.
#include "jobs/redis_cache_index.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <thread>

#include "cache_index_conformance.h"
#include "jobs/redis_flight_lock.h"
#include "jobs/redis_keys.h"
#include "redis/redis_client.h"
#include "redis/redis_url.h"
#include "redis_server.h"
#include "shared_redis.h"

namespace manimd::jobs {
namespace {

using testing_support::RedisServer;
using namespace std::chrono_literals;

using testing_support::SharedRedis;

struct RedisIndexFactory {
  static std::unique_ptr<cache::CacheIndex> Open(const std::string&) {
    redis::RedisClient* client = SharedRedis::Fresh();
    if (client == nullptr) return nullptr;
    return std::make_unique<RedisCacheIndex>(client, std::chrono::hours(24));
  }
};

// PTTL of a key, in ms (-2: no such key, -1: no expiry).
long long Pttl(const std::string& key) {
  core::Result<redis::RedisReply> r = SharedRedis::Get().client->Command({"PTTL", key});
  EXPECT_TRUE(r.ok());
  return r.ok() ? r->integer : -3;
}

TEST(RedisCacheIndexTest, EntriesExpireNoLaterThanJobTtl) {
  redis::RedisClient* client = SharedRedis::Fresh();
  ASSERT_NE(client, nullptr);
  RedisCacheIndex index(client, 60s);
  ASSERT_TRUE(index.Put("k1", {"job-1", "videos/a/A.mp4"}).ok());
  for (const std::string& key :
       {redis_keys::CacheEntry("k1"), redis_keys::CacheByObject("videos/a/A.mp4")}) {
    long long ttl = Pttl(key);
    EXPECT_GT(ttl, 0) << key;
    EXPECT_LE(ttl, 60'000) << key;
  }
  RedisCacheIndex short_lived(client, 100ms);
  ASSERT_TRUE(short_lived.Put("k2", {"job-2", "videos/b/B.mp4"}).ok());
  for (int i = 0; i < 100 && Pttl(redis_keys::CacheEntry("k2")) != -2; ++i) {
    std::this_thread::sleep_for(50ms);
  }
  core::Result<std::optional<cache::CacheEntry>> gone = short_lived.Find("k2");
  ASSERT_TRUE(gone.ok());
  EXPECT_FALSE(gone->has_value());
  core::Result<std::optional<std::string>> holder = short_lived.JobForObject("videos/b/B.mp4");
  ASSERT_TRUE(holder.ok());
  EXPECT_FALSE(holder->has_value());
}

TEST(RedisFlightLockTest, OneHolderRenewsAndReleasesItsOwnLeaseOnly) {
  redis::RedisClient* client = SharedRedis::Fresh();
  ASSERT_NE(client, nullptr);
  RedisFlightLock lock(client);
  EXPECT_TRUE(*lock.TryLock("k", "job-a", 10s));
  EXPECT_FALSE(*lock.TryLock("k", "job-b", 10s));
  EXPECT_TRUE(*lock.TryLock("other", "job-b", 10s));
  EXPECT_FALSE(*lock.Renew("k", "job-b", 10s));
  EXPECT_TRUE(*lock.Renew("k", "job-a", 20s));
  EXPECT_GT(Pttl(redis_keys::CacheFlight("k")), 10'000);
  ASSERT_TRUE(lock.Unlock("k", "job-b").ok());  // not b's: nothing happens
  EXPECT_FALSE(*lock.TryLock("k", "job-b", 10s));
  ASSERT_TRUE(lock.Unlock("k", "job-a").ok());
  EXPECT_TRUE(*lock.TryLock("k", "job-b", 10s));
}

TEST(RedisFlightLockTest, ADeadHoldersLeaseRunsOut) {
  redis::RedisClient* client = SharedRedis::Fresh();
  ASSERT_NE(client, nullptr);
  RedisFlightLock lock(client);
  ASSERT_TRUE(*lock.TryLock("k", "job-dead", 100ms));
  bool taken = false;
  for (int i = 0; i < 100 && !taken; ++i) {
    std::this_thread::sleep_for(50ms);
    taken = *lock.TryLock("k", "job-b", 10s);
  }
  EXPECT_TRUE(taken);
  EXPECT_FALSE(*lock.Renew("k", "job-dead", 10s)) << "the dead holder's renewal is refused";
}

}  // namespace
}  // namespace manimd::jobs

namespace manimd::cache::conformance {
using RedisIndexes = ::testing::Types<jobs::RedisIndexFactory>;
INSTANTIATE_TYPED_TEST_SUITE_P(Redis, CacheIndexConformance, RedisIndexes);
}  // namespace manimd::cache::conformance
