// Job helpers: Requeue forgets a run and keeps what the client submitted.
#include "jobs/job.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace manimd::jobs {
namespace {

TEST(JobTest, RequeueKeepsTheSubmissionAndForgetsTheRun) {
  Job job = testing::MakeJob("j1", JobStatus::kSucceeded);
  job.tenant = "key_a";
  job.tenant_concurrency = 2;
  job.use_cache = false;
  job.sync = true;
  job.attempts = 1;
  job.created_ms = 10;
  job.started_ms = 20;
  job.finished_ms = 30;
  job.key = "videos/x/A.mp4";
  job.cached = true;
  Requeue(job);
  EXPECT_EQ(job.id, "j1");
  EXPECT_EQ(job.status, JobStatus::kQueued);
  EXPECT_EQ(job.tenant, "key_a") << "a job run again stays in its tenant's scope";
  EXPECT_EQ(job.tenant_concurrency, 2);
  EXPECT_FALSE(job.use_cache) << "\"cache\": false holds for every run";
  EXPECT_TRUE(job.sync);
  EXPECT_EQ(job.attempts, 1);
  EXPECT_EQ(job.created_ms, 10);
  EXPECT_EQ(job.started_ms, 0);
  EXPECT_EQ(job.finished_ms, 0);
  EXPECT_TRUE(job.key.empty());
  EXPECT_FALSE(job.cached);
}

}  // namespace
}  // namespace manimd::jobs
