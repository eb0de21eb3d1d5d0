// SplitRenderer with a scripted runner and joiner: what the job gets from its chunks (the
// CPU total, merged warnings, summed usage). The real chunks and join are
// integration.SplitRenderTest.*.
#include "jobs/split_render.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace manimd::jobs {
namespace {

using render::RenderResult;

// A dry run finds two 10 s plays; chunk i reports `chunk_cpu_ms[i]` as its CPU so far and,
// when `spin`, runs until stopped (at most 10 s) as a spinning scene would.
class ScriptedRunner : public sandbox::Runner {
 public:
  std::vector<std::int64_t> chunk_cpu_ms = {1000, 1000};
  std::vector<std::vector<render::Warning>> chunk_warnings = {{}, {}};
  bool spin = false;

  RenderResult Run(const sandbox::RenderJob& job, const sandbox::ProgressFn&,
                   const sandbox::CancelToken& cancel) override {
    RenderResult r;
    if (job.request.dry_run) {
      r.validation = render::Validation{"A", {"A"}, 2, 20, {10, 10}, ""};
      return r;
    }
    size_t i = job.request.chunk->from == 0 ? 0 : 1;
    if (job.cpu) job.cpu->Set(chunk_cpu_ms[i]);
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (spin && !cancel.cancelled() && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    r.usage.cpu_ms = chunk_cpu_ms[i];
    r.usage.peak_memory_bytes = 100 * (static_cast<std::int64_t>(i) + 1);
    r.warnings = chunk_warnings[i];
    if (cancel.cancelled()) {
      r.error = render::RenderError::Of(render::ErrorKind::kCancelled, "cancelled");
    } else {
      r.output = render::RenderOutput{job.output_dir + "/A.mp4", "A", "mp4", 10, {"A"}, ""};
    }
    return r;
  }
};

class NoJoiner : public sandbox::ChunkJoiner {
 public:
  core::Result<std::int64_t> Join(const std::vector<std::string>& inputs, const std::string&,
                                  const sandbox::CancelToken&) override {
    return static_cast<std::int64_t>(inputs.size());
  }
};

SplitOutcome RenderSplit(ScriptedRunner& runner, std::int64_t cpu_budget_ms) {
  NoJoiner joiner;
  SplitRenderer split(&runner, &joiner, [] { return 2; }, {true, 2, 0, cpu_budget_ms});
  sandbox::RenderJob job{{}, ::testing::TempDir(), "job"};
  job.request.quality = render::Quality::kLow;
  return split.Render(
      job, [](const render::Progress&) {}, sandbox::CancelToken());
}

TEST(SplitRenderTest, ChunksOverTheCpuBudgetTogetherAreStopped) {
  ScriptedRunner runner;
  runner.chunk_cpu_ms = {600, 600};  // each under 1000, together over
  runner.spin = true;
  SplitOutcome out = RenderSplit(runner, 1000);
  EXPECT_EQ(out.chunks, 2);
  ASSERT_TRUE(out.result.error);
  EXPECT_EQ(out.result.error->kind, render::ErrorKind::kTimeout);
  EXPECT_EQ(out.result.error->message,
            "the 2 chunks together used more than 1 s of CPU, the whole render's limit "
            "(RENDER_CPU_S)");
  EXPECT_EQ(out.result.usage.cpu_ms, 1200);
}

TEST(SplitRenderTest, ChunksWithinTheBudgetAreJoinedWithUsageSummedAndWarningsMerged) {
  ScriptedRunner runner;
  render::Warning early{2, "compat.x", "before every animation"}, late{9, "w", "in chunk 2"};
  runner.chunk_warnings = {{early}, {early, late}};
  SplitOutcome out = RenderSplit(runner, 5000);
  EXPECT_EQ(out.chunks, 2);
  ASSERT_TRUE(out.result.ok()) << out.result.error->message;
  EXPECT_EQ(out.result.usage.cpu_ms, 2000);
  EXPECT_EQ(out.result.usage.peak_memory_bytes, 200);
  EXPECT_EQ(out.result.warnings, (std::vector<render::Warning>{early, late}));
}

TEST(SplitRenderTest, NoBudgetMeansOnlyEachChunksOwnLimits) {
  ScriptedRunner runner;
  runner.chunk_cpu_ms = {600000, 600000};
  EXPECT_TRUE(RenderSplit(runner, 0).result.ok());
}

// A sample taken after a killed chunk's processes left /proc reads low: the meter keeps
// the most it saw, so the job's usage counts at least what stopped it.
TEST(SplitRenderTest, ACpuMeterNeverGoesDown) {
  sandbox::CpuMeter meter;
  meter.Set(300);
  meter.Set(8100);
  meter.Set(40);
  EXPECT_EQ(meter.ms(), 8100);
  meter.Set(8200);
  EXPECT_EQ(meter.ms(), 8200);
}

}  // namespace
}  // namespace manimd::jobs
