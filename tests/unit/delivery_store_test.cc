// The DeliveryStore conformance suite (tests/delivery_store_conformance.h) against
// MemDeliveryStore and SqliteDeliveryStore; plus what only SQLite promises: a restart.
#include <gtest/gtest.h>

#include "delivery_store_conformance.h"
#include "webhooks/sqlite_delivery_store.h"

namespace manimd::webhooks {
namespace {

struct MemFactory {
  static std::unique_ptr<DeliveryStore> Open(const std::string&, std::int64_t claim_ms) {
    return std::make_unique<MemDeliveryStore>(claim_ms);
  }
};

struct SqliteFactory {
  static std::unique_ptr<DeliveryStore> Open(const std::string& dir, std::int64_t claim_ms) {
    core::Result<std::unique_ptr<SqliteDeliveryStore>> store =
        SqliteDeliveryStore::Open(dir + "/jobs.sqlite", claim_ms);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(*store) : nullptr;
  }
};

TEST(SqliteDeliveryStoreTest, PendingAndEndedDeliveriesSurviveReopening) {
  std::string dir = conformance::MakeTempDir();
  {
    std::unique_ptr<DeliveryStore> store = SqliteFactory::Open(dir, 1000);
    ASSERT_TRUE(store->Save(conformance::NewDelivery("msg_p", "j", 5)).ok());
    Delivery done = conformance::NewDelivery("msg_d", "j", 5);
    done.state = DeliveryState::kDelivered;
    ASSERT_TRUE(store->Save(done).ok());
  }
  std::unique_ptr<DeliveryStore> store = SqliteFactory::Open(dir, 1000);
  EXPECT_EQ(conformance::Ids(*store->Due(5, 10)), (std::vector<std::string>{"msg_p"}));
  EXPECT_EQ(conformance::Ids(*store->OfJob("j")), (std::vector<std::string>{"msg_p", "msg_d"}));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace manimd::webhooks

namespace manimd::webhooks::conformance {
using LocalStores = ::testing::Types<MemFactory, SqliteFactory>;
INSTANTIATE_TYPED_TEST_SUITE_P(Local, DeliveryStoreConformance, LocalStores);
}  // namespace manimd::webhooks::conformance
