// ResultCache over a real SqliteCacheIndex, MemJobStore and LocalStorage in a temporary
// directory: hits copy the stored video's job, a deleted object is a miss, scopes keep
// tenants apart, the pruner keeps a video a newer job still hands out, a job waiting for
// its twin's flight (in this process or on a fake cluster lock) can be cancelled at once.
// Also the CacheIndex conformance suite on SqliteCacheIndex.
#include "jobs/result_cache.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <future>
#include <set>
#include <thread>

#include "cache_index_conformance.h"
#include "jobs/mem_job_store.h"
#include "jobs/sqlite_cache_index.h"
#include "storage/local_storage.h"
#include "test_util.h"

namespace manimd::jobs {
namespace {

// A fresh directory under /tmp, removed by the fixture.
std::string TempDir() {
  std::string t = (std::filesystem::temp_directory_path() / "manimd-unit-XXXXXX").string();
  return mkdtemp(t.data()) == nullptr ? "" : t;
}

namespace fs = std::filesystem;

class ResultCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = TempDir();
    ASSERT_FALSE(dir_.empty());
    auto index = SqliteCacheIndex::Open(dir_ + "/jobs.sqlite");
    ASSERT_OK(index.status());
    index_ = std::move(*index);
    auto storage = storage::LocalStorage::Open(dir_ + "/objects");
    ASSERT_OK(storage.status());
    storage_ = std::move(*storage);
  }
  void TearDown() override { fs::remove_all(dir_); }

  ResultCache Cache(bool global = false, cache::ClusterLock* cluster_lock = nullptr) {
    ResultCacheOptions options;
    options.runtime_key = "runtime-x/0.21";
    options.global = global;
    options.cluster_lock = cluster_lock;
    options.lease = std::chrono::milliseconds(300);
    options.poll = std::chrono::milliseconds(10);
    return ResultCache(index_.get(), &store_, storage_.get(), options, &clock_);
  }
  // A succeeded job of `tenant` whose video is stored.
  Job Rendered(const std::string& id, const std::string& tenant) {
    Job job = testing::MakeJob(id, JobStatus::kSucceeded);
    job.tenant = tenant;
    job.key = "videos/" + id + "/A.mp4";
    job.scene = "A";
    job.bytes = 5;
    job.warnings.push_back({3, "x", "a warning"});
    std::string staged = dir_ + "/" + id + ".mp4";
    std::ofstream(staged) << "video";
    EXPECT_OK(storage_->Put(staged, job.key, "video/mp4"));
    EXPECT_OK(store_.Insert(&job));
    return job;
  }

  std::string dir_;
  core::ManualClock clock_{50'000};
  MemJobStore store_;
  std::unique_ptr<SqliteCacheIndex> index_;
  std::unique_ptr<storage::LocalStorage> storage_;
};

TEST_F(ResultCacheTest, AHitCopiesTheRenderedJobsOutputs) {
  ResultCache cache = Cache();
  Job first = Rendered("first", "key_a");
  std::optional<std::string> key = cache.KeyFor(first);
  ASSERT_TRUE(key);
  EXPECT_EQ(cache.Hit(first, *key), std::nullopt);  // nothing remembered yet
  cache.Remember(*key, first);

  Job again = testing::MakeJob("again");
  again.tenant = "key_a";
  clock_.Set(60'000);
  std::optional<Job> hit = cache.AnswerSubmission(again);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->id, "again");
  EXPECT_EQ(hit->status, JobStatus::kSucceeded);
  EXPECT_TRUE(hit->cached);
  EXPECT_EQ(hit->key, first.key);
  EXPECT_EQ(hit->url, "/files/" + first.key);
  EXPECT_EQ(hit->scene, "A");
  EXPECT_EQ(hit->bytes, 5);
  EXPECT_EQ(hit->warnings.size(), 1u);
  EXPECT_EQ(hit->finished_ms, 60'000);
  core::Result<Job> saved = store_.Get("again");
  ASSERT_OK(saved.status());
  EXPECT_TRUE(saved->cached);
  EXPECT_EQ(saved->status, JobStatus::kSucceeded);

  // The entry now names the newest job: the first one's video is kept when it is pruned,
  // and goes with the newest.
  EXPECT_TRUE(cache.ObjectStillUsed(first));
  EXPECT_FALSE(cache.ObjectStillUsed(*saved));
  EXPECT_EQ(cache.Hit(again, *key), std::nullopt);  // its entry went with it
}

TEST_F(ResultCacheTest, ADeletedObjectIsAMiss) {
  ResultCache cache = Cache();
  Job first = Rendered("first", "");
  std::string key = *cache.KeyFor(first);
  cache.Remember(key, first);
  ASSERT_OK(storage_->Delete(first.key));
  EXPECT_EQ(cache.Hit(testing::MakeJob("again"), key), std::nullopt);
  EXPECT_FALSE(index_->Find(key)->has_value());
}

TEST_F(ResultCacheTest, ScopesAndOptOut) {
  Job first = Rendered("first", "key_a");
  ResultCache tenant_scoped = Cache();
  tenant_scoped.Remember(*tenant_scoped.KeyFor(first), first);
  Job other = testing::MakeJob("other");
  other.tenant = "key_b";
  EXPECT_EQ(tenant_scoped.AnswerSubmission(other), std::nullopt);
  Job opted_out = testing::MakeJob("out");
  opted_out.tenant = "key_a";
  opted_out.use_cache = false;
  EXPECT_EQ(tenant_scoped.KeyFor(opted_out), std::nullopt);

  ResultCache global = Cache(true);
  global.Remember(*global.KeyFor(first), first);
  std::optional<Job> shared = global.AnswerSubmission(other);
  ASSERT_TRUE(shared);
  EXPECT_EQ(shared->tenant, "key_b");
}

// A cluster lock in memory, as Redis's would behave: one holder per key, no expiry.
class FakeClusterLock : public cache::ClusterLock {
 public:
  core::Result<bool> TryLock(const std::string& key, const std::string& owner,
                             std::chrono::milliseconds) override {
    std::lock_guard lock(mu_);
    ++tries_;
    return holders_.emplace(key, owner).second;
  }
  core::Result<bool> Renew(const std::string& key, const std::string& owner,
                           std::chrono::milliseconds) override {
    std::lock_guard lock(mu_);
    ++renewals_;
    auto it = holders_.find(key);
    return it != holders_.end() && it->second == owner;
  }
  core::Status Unlock(const std::string& key, const std::string& owner) override {
    std::lock_guard lock(mu_);
    auto it = holders_.find(key);
    if (it != holders_.end() && it->second == owner) holders_.erase(it);
    return core::Status::Ok();
  }
  std::optional<std::string> Holder(const std::string& key) {
    std::lock_guard lock(mu_);
    auto it = holders_.find(key);
    return it == holders_.end() ? std::nullopt : std::optional<std::string>(it->second);
  }
  int tries() {
    std::lock_guard lock(mu_);
    return tries_;
  }
  int renewals() {
    std::lock_guard lock(mu_);
    return renewals_;
  }

 private:
  std::mutex mu_;
  std::map<std::string, std::string> holders_;  // guarded by mu_
  int tries_ = 0;                               // guarded by mu_
  int renewals_ = 0;                            // guarded by mu_
};

TEST_F(ResultCacheTest, AJobWaitingForItsTwinInThisProcessIsCancelledAtOnce) {
  ResultCache cache = Cache();
  sandbox::CancelToken none, cancel;
  std::optional<ResultCache::FlightLock> first = cache.Flight("k", "first", none);
  ASSERT_TRUE(first);
  auto waiter = std::async(std::launch::async, [&] { return cache.Flight("k", "twin", cancel); });
  EXPECT_EQ(waiter.wait_for(std::chrono::milliseconds(100)), std::future_status::timeout)
      << "it waits while the first holds the key";
  cancel.Cancel();
  EXPECT_FALSE(waiter.get().has_value());  // returns while the first still holds it
  // Another key is not held up; the first, done, lets the next twin in.
  EXPECT_TRUE(cache.Flight("other", "x", none));
  first.reset();
  EXPECT_TRUE(cache.Flight("k", "next", none));
}

TEST_F(ResultCacheTest, AClusterLockHeldElsewhereMakesItWaitThenItTakesIt) {
  FakeClusterLock lock;
  ResultCache cache = Cache(false, &lock);
  sandbox::CancelToken none, cancel;
  ASSERT_TRUE(*lock.TryLock("k", "a job on another worker", std::chrono::seconds(1)));
  auto cancelled = std::async(std::launch::async, [&] { return cache.Flight("k", "j1", cancel); });
  EXPECT_EQ(cancelled.wait_for(std::chrono::milliseconds(100)), std::future_status::timeout);
  cancel.Cancel();
  EXPECT_FALSE(cancelled.get().has_value());

  // The flight is let go on the thread that took it, as a render does (a mutex must be
  // unlocked by its owner).
  std::promise<bool> taken;
  std::promise<void> release;
  std::future<bool> taken_f = taken.get_future();
  std::future<void> release_f = release.get_future();
  auto waiter = std::async(std::launch::async, [&] {
    std::optional<ResultCache::FlightLock> mine = cache.Flight("k", "j2", none);
    taken.set_value(mine.has_value());
    release_f.wait();
  });
  EXPECT_EQ(taken_f.wait_for(std::chrono::milliseconds(100)), std::future_status::timeout);
  ASSERT_TRUE(lock.Unlock("k", "a job on another worker").ok());
  EXPECT_TRUE(taken_f.get());
  EXPECT_EQ(lock.Holder("k"), "j2");
  // Renewed while held (lease 300 ms: every 100 ms), released when it goes.
  for (int i = 0; i < 500 && lock.renewals() < 2; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_GE(lock.renewals(), 2);
  release.set_value();
  waiter.get();
  EXPECT_EQ(lock.Holder("k"), std::nullopt);
}

TEST_F(ResultCacheTest, AWaiterRendersAnywayAfterMaxWait) {
  FakeClusterLock lock;
  ResultCacheOptions options;
  options.runtime_key = "runtime-x/0.21";
  options.cluster_lock = &lock;
  options.poll = std::chrono::milliseconds(10);
  options.max_wait = std::chrono::milliseconds(50);
  ResultCache cache(index_.get(), &store_, storage_.get(), options, &clock_);
  ASSERT_TRUE(*lock.TryLock("k", "a holder that never lets go", std::chrono::seconds(1)));
  sandbox::CancelToken none;
  std::optional<ResultCache::FlightLock> flight = cache.Flight("k", "j", none);
  ASSERT_TRUE(flight);
  EXPECT_TRUE(flight->lease == nullptr) << "it did not take another's lock";
  EXPECT_EQ(lock.Holder("k"), "a holder that never lets go");
  EXPECT_GT(lock.tries(), 2);
}

struct SqliteIndexFactory {
  static std::unique_ptr<cache::CacheIndex> Open(const std::string& dir) {
    auto index = SqliteCacheIndex::Open(dir + "/jobs.sqlite");
    EXPECT_TRUE(index.ok()) << index.status().ToString();
    return index.ok() ? std::move(*index) : nullptr;
  }
};

}  // namespace
}  // namespace manimd::jobs

namespace manimd::cache::conformance {
using SqliteIndexes = ::testing::Types<jobs::SqliteIndexFactory>;
INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, CacheIndexConformance, SqliteIndexes);
}  // namespace manimd::cache::conformance
