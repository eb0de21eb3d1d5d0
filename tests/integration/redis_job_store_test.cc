// The JobStore conformance suite (tests/job_store_conformance.h) against RedisJobStore on
// a real redis-server, emptied before each test; plus what only RedisJobStore promises:
// Submit's queue bound and a worker's change never touching a final job.
#include "jobs/redis_job_store.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "job_store_conformance.h"
#include "redis/redis_client.h"
#include "redis/redis_url.h"
#include "redis_server.h"
#include "shared_redis.h"

namespace manimd::jobs {
namespace {

using testing_support::RedisServer;

using testing_support::SharedRedis;

struct RedisFactory {
  static std::unique_ptr<JobStore> Open(const std::string&) {
    SharedRedis& redis = SharedRedis::Get();
    EXPECT_FALSE(redis.server.url().empty()) << redis.server.log();
    if (redis.client == nullptr) return nullptr;
    EXPECT_EQ(redis.server.Command({"FLUSHALL"}), "+OK");
    return std::make_unique<RedisJobStore>(redis.client.get());
  }
};

class RedisJobStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::unique_ptr<JobStore> opened = RedisFactory::Open("");
    ASSERT_NE(opened, nullptr);
    store_.reset(static_cast<RedisJobStore*>(opened.release()));
  }
  std::unique_ptr<RedisJobStore> store_;
};

TEST_F(RedisJobStoreTest, SubmitRefusesBeyondTheQueueBoundAndStoresNothing) {
  Job a = conformance::NewJob("a");
  Job b = conformance::NewJob("b");
  ASSERT_TRUE(store_->Submit(&a, 1).ok());
  core::Status refused = store_->Submit(&b, 1);
  EXPECT_EQ(refused.code(), core::Code::kUnavailable) << refused.ToString();
  EXPECT_EQ(store_->Get("b").status().code(), core::Code::kNotFound);
  EXPECT_TRUE(store_->Get("a").ok());
}

TEST_F(RedisJobStoreTest, AWorkersChangeNeverTouchesAFinalJob) {
  Job job = conformance::NewJob("j");
  ASSERT_TRUE(store_->Submit(&job, 10).ok());
  job.status = JobStatus::kRunning;
  core::Result<std::uint64_t> v1 = store_->Change(job, true);
  ASSERT_TRUE(v1.ok()) << v1.status().ToString();
  job.status = JobStatus::kSucceeded;
  core::Result<std::uint64_t> v2 = store_->Change(job, true);
  ASSERT_TRUE(v2.ok()) << v2.status().ToString();
  EXPECT_GT(*v2, *v1);
  job.status = JobStatus::kFailed;  // a second delivery finishing late
  EXPECT_EQ(store_->Change(job, true).status().code(), core::Code::kConflict);
  EXPECT_EQ(store_->Get("j")->status, JobStatus::kSucceeded);
}

}  // namespace
}  // namespace manimd::jobs

namespace manimd::jobs::conformance {
using RedisStores = ::testing::Types<RedisFactory>;
INSTANTIATE_TYPED_TEST_SUITE_P(Redis, JobStoreConformance, RedisStores);
}  // namespace manimd::jobs::conformance
