// The DeliveryStore conformance suite: what every implementation promises
// (webhooks/delivery_store.h), as typed tests parameterized by a factory with
// `static std::unique_ptr<DeliveryStore> Open(const std::string& scratch_dir,
// std::int64_t claim_ms)`. Unit tests instantiate it for MemDeliveryStore and
// SqliteDeliveryStore; the integration tests for RedisDeliveryStore on a real redis-server.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "webhooks/delivery_store.h"

namespace manimd::webhooks::conformance {

inline constexpr std::int64_t kClaimMs = 30000;

// A fresh scratch directory; "" on failure.
inline std::string MakeTempDir() {
  std::string t = (std::filesystem::temp_directory_path() / "manimd-deliveries-XXXXXX").string();
  return mkdtemp(t.data()) == nullptr ? "" : t;
}

inline Delivery NewDelivery(const std::string& id, const std::string& job_id,
                            std::int64_t next_ms) {
  Delivery d;
  d.id = id;
  d.job_id = job_id;
  d.type = "job.finished";
  d.url = "http://127.0.0.1:1/hook";
  d.headers = {{"Authorization", "Bearer x"}};
  d.body = R"({"jobId":")" + job_id + R"(","metadata":{"a":[1,"\u00e9"]}})";
  d.next_ms = next_ms;
  return d;
}

inline std::vector<std::string> Ids(const std::vector<Delivery>& ds) {
  std::vector<std::string> ids;
  for (const Delivery& d : ds) ids.push_back(d.id);
  return ids;
}

template <typename Factory>
class DeliveryStoreConformance : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir();
    ASSERT_FALSE(dir_.empty());
    store_ = Factory::Open(dir_, kClaimMs);
    ASSERT_NE(store_, nullptr);
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  void Save(const Delivery& d) {
    core::Status s = store_->Save(d);
    ASSERT_TRUE(s.ok()) << s.ToString();
  }
  std::vector<Delivery> Due(std::int64_t now_ms, int limit) {
    core::Result<std::vector<Delivery>> due = store_->Due(now_ms, limit);
    EXPECT_TRUE(due.ok()) << due.status().ToString();
    return due.ok() ? *due : std::vector<Delivery>();
  }
  std::string dir_;
  std::unique_ptr<DeliveryStore> store_;
};

TYPED_TEST_SUITE_P(DeliveryStoreConformance);

TYPED_TEST_P(DeliveryStoreConformance, DueReturnsPendingOnesEarliestFirstUpToTheLimit) {
  this->Save(NewDelivery("msg_c", "j1", 300));
  this->Save(NewDelivery("msg_a", "j1", 100));
  this->Save(NewDelivery("msg_b", "j2", 200));
  this->Save(NewDelivery("msg_later", "j2", 5000));
  EXPECT_EQ(Ids(this->Due(300, 2)), (std::vector<std::string>{"msg_a", "msg_b"}));
  EXPECT_EQ(Ids(this->Due(300, 10)), (std::vector<std::string>{"msg_c"}));
}

TYPED_TEST_P(DeliveryStoreConformance, ADeliveryComesBackAsSaved) {
  Delivery d = NewDelivery("msg_1", "j1", 10);
  d.attempts = 2;
  d.last_status = 503;
  d.last_error = "HTTP 503";
  this->Save(d);
  std::vector<Delivery> due = this->Due(10, 1);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].job_id, "j1");
  EXPECT_EQ(due[0].type, d.type);
  EXPECT_EQ(due[0].url, d.url);
  EXPECT_EQ(due[0].headers, d.headers);
  EXPECT_EQ(due[0].body, d.body);
  EXPECT_EQ(due[0].attempts, 2);
  EXPECT_EQ(due[0].last_status, 503);
  EXPECT_EQ(due[0].last_error, "HTTP 503");
  EXPECT_EQ(due[0].next_ms, 10);
}

TYPED_TEST_P(DeliveryStoreConformance, AClaimedDeliveryIsNotDueAgainUntilItsClaimEnds) {
  this->Save(NewDelivery("msg_1", "j1", 100));
  ASSERT_EQ(this->Due(100, 5).size(), 1u);
  EXPECT_TRUE(this->Due(100, 5).empty());
  EXPECT_TRUE(this->Due(100 + kClaimMs - 1, 5).empty());
  // The claimer died without saving: the delivery is due again, to anyone.
  EXPECT_EQ(Ids(this->Due(100 + kClaimMs, 5)), (std::vector<std::string>{"msg_1"}));
}

TYPED_TEST_P(DeliveryStoreConformance, SavingAClaimedDeliveryReplacesTheClaim) {
  Delivery d = NewDelivery("msg_1", "j1", 100);
  this->Save(d);
  ASSERT_EQ(this->Due(100, 5).size(), 1u);
  d.attempts = 1;
  d.next_ms = 150;  // a retry sooner than the claim would end
  this->Save(d);
  std::vector<Delivery> due = this->Due(150, 5);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].attempts, 1);
}

TYPED_TEST_P(DeliveryStoreConformance, EndedDeliveriesAreNeverDue) {
  Delivery delivered = NewDelivery("msg_ok", "j1", 100);
  this->Save(delivered);
  delivered.state = DeliveryState::kDelivered;
  delivered.delivered_ms = 120;
  this->Save(delivered);
  Delivery failed = NewDelivery("msg_bad", "j1", 100);
  failed.state = DeliveryState::kFailed;
  this->Save(failed);
  EXPECT_TRUE(this->Due(1000000, 10).empty());
}

TYPED_TEST_P(DeliveryStoreConformance, OfJobListsAJobsPendingDeliveriesOldestFirst) {
  this->Save(NewDelivery("msg_2", "j1", 200));
  this->Save(NewDelivery("msg_x", "j2", 100));
  this->Save(NewDelivery("msg_1", "j1", 100));
  core::Result<std::vector<Delivery>> of = this->store_->OfJob("j1");
  ASSERT_TRUE(of.ok()) << of.status().ToString();
  EXPECT_EQ(Ids(*of), (std::vector<std::string>{"msg_2", "msg_1"}));
  EXPECT_TRUE(this->store_->OfJob("nobody")->empty());
}

// Four claimers at once, as four dispatchers would: each delivery goes to exactly one.
TYPED_TEST_P(DeliveryStoreConformance, ConcurrentClaimsTakeEachDeliveryOnce) {
  constexpr int kDeliveries = 40;
  for (int i = 0; i < kDeliveries; ++i) {
    this->Save(NewDelivery("msg_" + std::to_string(i), "j", i));
  }
  std::mutex mu;
  std::map<std::string, int> taken;  // guarded by mu
  std::vector<std::thread> claimers;
  for (int t = 0; t < 4; ++t) {
    claimers.emplace_back([&] {
      for (int round = 0; round < kDeliveries; ++round) {
        core::Result<std::vector<Delivery>> due = this->store_->Due(kDeliveries, 1);
        if (!due.ok() || due->empty()) return;
        std::lock_guard lock(mu);
        ++taken[due->front().id];
      }
    });
  }
  for (std::thread& t : claimers) t.join();
  EXPECT_EQ(taken.size(), static_cast<size_t>(kDeliveries));
  for (const auto& [id, times] : taken) EXPECT_EQ(times, 1) << id;
}

REGISTER_TYPED_TEST_SUITE_P(DeliveryStoreConformance,
                            DueReturnsPendingOnesEarliestFirstUpToTheLimit,
                            ADeliveryComesBackAsSaved,
                            AClaimedDeliveryIsNotDueAgainUntilItsClaimEnds,
                            SavingAClaimedDeliveryReplacesTheClaim, EndedDeliveriesAreNeverDue,
                            OfJobListsAJobsPendingDeliveriesOldestFirst,
                            ConcurrentClaimsTakeEachDeliveryOnce);

}  // namespace manimd::webhooks::conformance
