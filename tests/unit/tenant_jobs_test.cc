// TenantJobs over a real JobQueue and MemJobStore: jobs carry their tenant, other
// tenants' jobs are not found, lists are scoped, and --max-quality is enforced.
#include "api/tenant_jobs.h"

#include <gtest/gtest.h>

#include "jobs/job_queue.h"
#include "jobs/mem_job_store.h"
#include "test_util.h"

namespace manimd::api {
namespace {

// Finishes every job at once.
class InstantExecutor : public jobs::JobExecutor {
 public:
  void Execute(jobs::LiveJob& job) override {
    job.Update([](jobs::Job& j) { j.status = jobs::JobStatus::kSucceeded; });
  }
};

class TenantJobsTest : public ::testing::Test {
 protected:
  core::ManualClock clock_;
  InstantExecutor executor_;
  jobs::MemJobStore store_;
  jobs::JobQueue queue_{{1, 1000}, &executor_, &store_, &clock_};
};

TEST_F(TenantJobsTest, ScopesEveryCallToTheCaller) {
  TenantJobs a(&queue_, Caller{"key_a", 0, 2, std::nullopt});
  TenantJobs b(&queue_, Caller{"key_b", 0, 0, std::nullopt});
  TenantJobs anonymous(&queue_, Caller{});
  core::Result<jobs::Job> ja = a.Submit(testing::MakeJob("a1"));
  ASSERT_OK(ja.status());
  EXPECT_EQ(ja->tenant, "key_a");
  EXPECT_EQ(ja->tenant_concurrency, 2);
  ASSERT_OK(b.Submit(testing::MakeJob("b1")).status());
  ASSERT_OK(anonymous.Submit(testing::MakeJob("n1")).status());
  EXPECT_OK(a.Get("a1").status());
  EXPECT_EQ(b.Get("a1").status().code(), core::Code::kNotFound);
  EXPECT_EQ(anonymous.Get("a1").status().code(), core::Code::kNotFound);
  EXPECT_EQ(b.Cancel("a1").code(), core::Code::kNotFound);
  EXPECT_EQ(b.Watch("a1", [](const jobs::Job&, std::uint64_t) {}).status().code(),
            core::Code::kNotFound);
  core::Result<std::vector<jobs::Job>> listed = a.List(jobs::JobFilter{});
  ASSERT_OK(listed.status());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().id, "a1");
  EXPECT_EQ(anonymous.List(jobs::JobFilter{})->size(), 1u);
}

TEST_F(TenantJobsTest, ListsPageThroughOtherTenantsJobs) {
  TenantJobs a(&queue_, Caller{"key_a", 0, 0, std::nullopt});
  TenantJobs b(&queue_, Caller{"key_b", 0, 0, std::nullopt});
  ASSERT_OK(a.Submit(testing::MakeJob("a-old")).status());
  for (int i = 0; i < 450; ++i)
    ASSERT_OK(b.Submit(testing::MakeJob("b" + std::to_string(i))).status());
  ASSERT_OK(a.Submit(testing::MakeJob("a-new")).status());
  jobs::JobFilter filter;
  filter.limit = 5;
  core::Result<std::vector<jobs::Job>> listed = a.List(filter);
  ASSERT_OK(listed.status());
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].id, "a-new");
  EXPECT_EQ((*listed)[1].id, "a-old");
}

TEST_F(TenantJobsTest, RefusesAQualityAboveTheKeysLimit) {
  TenantJobs a(&queue_, Caller{"key_a", 0, 0, render::Quality::kMedium});
  jobs::Job high = testing::MakeJob("h");
  testing::EditRequest(high, [](render::RenderRequest& r) { r.quality = render::Quality::kHigh; });
  core::Result<jobs::Job> refused = a.Submit(high);
  EXPECT_EQ(refused.status().code(), core::Code::kInvalidArgument);
  EXPECT_NE(refused.status().message().find("quality"), std::string::npos);
  jobs::Job low = testing::MakeJob("l");
  testing::EditRequest(low, [](render::RenderRequest& r) { r.quality = render::Quality::kLow; });
  EXPECT_OK(a.Submit(low).status());
}

}  // namespace
}  // namespace manimd::api
