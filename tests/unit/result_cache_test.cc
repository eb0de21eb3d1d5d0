// ResultCache over a real SqliteCacheIndex, MemJobStore and LocalStorage in a temporary
// directory: hits copy the stored video's job, a deleted object is a miss, scopes keep
// tenants apart, and the pruner keeps a video a newer job still hands out.
#include "jobs/result_cache.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

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

  ResultCache Cache(bool global = false) {
    return ResultCache(index_.get(), &store_, storage_.get(), {"runtime-x/0.21", global}, &clock_);
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

}  // namespace
}  // namespace manimd::jobs
