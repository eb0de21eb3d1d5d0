#include "jobs/job_pruner.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "jobs/mem_job_store.h"
#include "storage/local_storage.h"
#include "test_util.h"

namespace manimd::jobs {
namespace {

namespace fs = std::filesystem;

using SetClock = core::ManualClock;

TEST(JobPrunerTest, RemovesJobsAndVideosPastTheTtlOnly) {
  std::string dir = (fs::temp_directory_path() / "manimd-prune-XXXXXX").string();
  ASSERT_NE(mkdtemp(dir.data()), nullptr);
  auto storage = storage::LocalStorage::Open(dir + "/objects").value();
  MemJobStore store;
  auto add = [&](const std::string& id, JobStatus status, std::int64_t finished_ms) {
    Job j = testing::MakeJob(id, status);
    j.finished_ms = finished_ms;
    j.key = "videos/" + id + "/A.mp4";
    std::ofstream(dir + "/" + id) << "video";
    ASSERT_TRUE(storage->Put(dir + "/" + id, j.key, "video/mp4").ok());
    j.poster_key = "videos/" + id + "/A.poster.png";  // goes with its video
    std::ofstream(dir + "/" + id) << "poster";
    ASSERT_TRUE(storage->Put(dir + "/" + id, j.poster_key, "image/png").ok());
    ASSERT_TRUE(store.Insert(&j).ok());
  };
  add("old", JobStatus::kSucceeded, 1000);
  add("old_failed", JobStatus::kFailed, 2000);
  add("recent", JobStatus::kSucceeded, 9000);
  add("running", JobStatus::kRunning, 0);
  SetClock clock;
  clock.Set(10000);
  JobPruner pruner(&store, storage.get(), &clock, /*ttl_ms=*/5000);
  EXPECT_EQ(pruner.PruneOnce(), 2);
  EXPECT_EQ(store.Get("old").status().code(), core::Code::kNotFound);
  EXPECT_EQ(store.Get("old_failed").status().code(), core::Code::kNotFound);
  EXPECT_FALSE(fs::exists(dir + "/objects/videos/old"));
  EXPECT_TRUE(store.Get("recent").ok());
  EXPECT_TRUE(fs::exists(dir + "/objects/videos/recent/A.mp4"));
  EXPECT_TRUE(fs::exists(dir + "/objects/videos/recent/A.poster.png"));
  EXPECT_TRUE(store.Get("running").ok());
  EXPECT_EQ(pruner.PruneOnce(), 0);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace manimd::jobs
