// The DeliveryStore conformance suite (tests/delivery_store_conformance.h) against
// RedisDeliveryStore on a real redis-server, emptied before each test; plus what only a
// shared store promises: dispatchers on separate connections never claim one delivery twice.
#include "webhooks/redis_delivery_store.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "delivery_store_conformance.h"
#include "redis/redis_client.h"
#include "redis/redis_url.h"
#include "redis_server.h"
#include "shared_redis.h"

namespace manimd::webhooks {
namespace {

using testing_support::RedisServer;

using testing_support::SharedRedis;

struct RedisFactory {
  static std::unique_ptr<DeliveryStore> Open(const std::string&, std::int64_t claim_ms) {
    SharedRedis& redis = SharedRedis::Get();
    EXPECT_FALSE(redis.server.url().empty()) << redis.server.log();
    if (redis.client == nullptr) return nullptr;
    EXPECT_EQ(redis.server.Command({"FLUSHALL"}), "+OK");
    return std::make_unique<RedisDeliveryStore>(redis.client.get(),
                                                RedisDeliveryStoreOptions{claim_ms, 60000});
  }
};

TEST(RedisDeliveryStoreTest, ClaimersOnSeparateConnectionsTakeEachDeliveryOnce) {
  ASSERT_NE(RedisFactory::Open("", 30000), nullptr);  // empties the server
  core::Result<redis::RedisAddress> address = redis::ParseRedisUrl(SharedRedis::Get().server.url());
  ASSERT_TRUE(address.ok());
  constexpr int kDeliveries = 60;
  std::vector<std::unique_ptr<redis::RedisClient>> clients;
  std::vector<std::unique_ptr<RedisDeliveryStore>> stores;
  for (int i = 0; i < 3; ++i) {
    clients.push_back(redis::RedisClient::Lazy(*address, {}));
    stores.push_back(std::make_unique<RedisDeliveryStore>(clients.back().get(),
                                                          RedisDeliveryStoreOptions{30000, 60000}));
  }
  for (int i = 0; i < kDeliveries; ++i) {
    ASSERT_TRUE(stores[0]->Save(conformance::NewDelivery("msg_" + std::to_string(i), "j", i)).ok());
  }
  std::mutex mu;
  std::map<std::string, int> taken;  // guarded by mu
  std::vector<std::thread> claimers;
  for (auto& store : stores) {
    claimers.emplace_back([&, s = store.get()] {
      for (int round = 0; round < kDeliveries; ++round) {
        core::Result<std::vector<Delivery>> due = s->Due(kDeliveries, 2);
        if (!due.ok() || due->empty()) return;
        std::lock_guard lock(mu);
        for (const Delivery& d : *due) ++taken[d.id];
      }
    });
  }
  for (std::thread& t : claimers) t.join();
  EXPECT_EQ(taken.size(), static_cast<size_t>(kDeliveries));
  for (const auto& [id, times] : taken) EXPECT_EQ(times, 1) << id;
}

TEST(RedisDeliveryStoreTest, AnEndedDeliveryExpiresWithItsJobsList) {
  std::unique_ptr<DeliveryStore> store = RedisFactory::Open("", 30000);
  ASSERT_NE(store, nullptr);
  Delivery d = conformance::NewDelivery("msg_e", "je", 1);
  d.state = DeliveryState::kDelivered;
  ASSERT_TRUE(store->Save(d).ok());
  RedisServer& server = SharedRedis::Get().server;
  std::string ttl = server.Command({"PTTL", "manimd:webhook:msg_e"});
  ASSERT_FALSE(ttl.empty());
  EXPECT_NE(ttl, ":-1");  // a TTL is set (the keep time), not forever
  EXPECT_EQ(conformance::Ids(*store->OfJob("je")), (std::vector<std::string>{"msg_e"}));
}

}  // namespace
}  // namespace manimd::webhooks

namespace manimd::webhooks::conformance {
using RedisStores = ::testing::Types<RedisFactory>;
INSTANTIATE_TYPED_TEST_SUITE_P(Redis, DeliveryStoreConformance, RedisStores);
}  // namespace manimd::webhooks::conformance
