// The job model's own logic (jobs/job.h): Requeue, which every retry goes through (a
// restart's recovery, a cluster worker taking a job over).
#include "jobs/job.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace manimd::jobs {
namespace {

TEST(JobTest, RequeueKeepsWhatWasSubmittedAndForgetsTheAttempt) {
  Job job = testing::FullJob("j");
  job.tenant = "key_0123456789abcdef";
  job.tenant_concurrency = 2;
  job.status = JobStatus::kRunning;
  job.started_ms = 5;
  job.attempts = 1;
  auto request = job.request;
  Requeue(job);
  EXPECT_EQ(job.id, "j");
  EXPECT_EQ(job.request, request);
  // A job taken up again is still its tenant's, under its limit: without these a
  // cluster's worker made every job it rendered anonymous.
  EXPECT_EQ(job.tenant, "key_0123456789abcdef");
  EXPECT_EQ(job.tenant_concurrency, 2);
  EXPECT_EQ(job.attempts, 1);
  EXPECT_EQ(job.status, JobStatus::kQueued);
  EXPECT_EQ(job.started_ms, 0);
  EXPECT_TRUE(job.key.empty());
  EXPECT_FALSE(job.error.has_value());
}

}  // namespace
}  // namespace manimd::jobs
