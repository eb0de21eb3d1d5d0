// SplitRenderer with a scripted runner and joiner: what the job gets from its chunks (the
// CPU total, merged warnings, summed usage). The real chunks and join are
// integration.SplitRenderTest.*.
#include "jobs/split_render.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <deque>
#include <mutex>
#include <thread>

namespace manimd::jobs {
namespace {

using render::RenderResult;

// A dry run finds two 10 s plays and reports `dry_cpu_ms`; chunk i reports `chunk_cpu_ms[i]` as its
// CPU so far and, when `spin`, runs until stopped (at most 10 s) as a spinning scene would.
class ScriptedRunner : public sandbox::Runner {
 public:
  std::int64_t dry_cpu_ms = 0;
  std::vector<std::int64_t> chunk_cpu_ms = {1000, 1000};
  std::vector<std::vector<render::Warning>> chunk_warnings = {{}, {}};
  bool spin = false;
  std::atomic<int> chunks_rendered{0};

  RenderResult Run(const sandbox::RenderJob& job, const sandbox::ProgressFn&,
                   const sandbox::CancelToken& cancel) override {
    RenderResult r;
    if (job.request.dry_run) {
      r.validation = render::Validation{"A", {"A"}, 2, 20, {10, 10}, ""};
      r.usage.cpu_ms = dry_cpu_ms;
      return r;
    }
    size_t i = job.request.chunk->from == 0 ? 0 : 1;
    ++chunks_rendered;
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
            "the dry run and the 2 chunks together used more than 1 s of CPU, the whole "
            "render's limit (RENDER_CPU_S)");
  EXPECT_EQ(out.result.usage.cpu_ms, 1200);
}

TEST(SplitRenderTest, TheDryRunCountsTowardsTheBudgetAndTheUsage) {
  ScriptedRunner runner;
  runner.dry_cpu_ms = 500;
  runner.chunk_cpu_ms = {300, 300};  // 600 alone is within the budget, 1100 with the dry run
  runner.spin = true;
  SplitOutcome stopped = RenderSplit(runner, 1000);
  ASSERT_TRUE(stopped.result.error);
  EXPECT_EQ(stopped.result.error->kind, render::ErrorKind::kTimeout);
  EXPECT_EQ(stopped.result.usage.cpu_ms, 1100);
  runner.spin = false;
  SplitOutcome done = RenderSplit(runner, 5000);
  ASSERT_TRUE(done.result.ok()) << done.result.error->message;
  EXPECT_EQ(done.result.usage.cpu_ms, 1100);
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

// A cluster of one other worker, scripted: it claims the last chunk as soon as the chunks
// are offered, and then reports `remote` on the second look (or, when `vanishes`, is
// simply gone: neither claimed nor reported).
class ScriptedPool : public ChunkPool {
 public:
  RenderResult remote;
  bool vanishes = false;
  bool open_fails = false;
  int fetched = 0, stopped = 0, closed = 0;

  int IdleSlotsElsewhere() override { return 1; }
  std::chrono::milliseconds lease() const override { return std::chrono::milliseconds(500); }
  core::Status Open(const std::string&, const std::vector<render::AnimationRange>& c) override {
    if (open_fails) return core::Unavailable("no Redis");
    std::lock_guard lock(mu_);
    for (size_t i = 0; i + 1 < c.size(); ++i) todo_.push_back(i);
    claimed_ = c.size() - 1;
    return core::Status::Ok();
  }
  core::Result<std::optional<size_t>> TakeOwn(const std::string&) override {
    std::lock_guard lock(mu_);
    if (todo_.empty()) return std::optional<size_t>();
    size_t i = todo_.front();
    todo_.pop_front();
    return std::optional<size_t>(i);
  }
  core::Result<ChunkPoll> Poll(const std::string&, size_t count) override {
    std::lock_guard lock(mu_);
    ChunkPoll p;
    p.alive.assign(count, false);
    for (size_t i : todo_) p.alive[i] = true;
    if (++polls_ == 1 || (!vanishes && reported_)) {
      p.alive[claimed_] = !vanishes;
      p.progress[claimed_] = render::Progress{2, 2, 50, 0};
      p.cpu_ms[claimed_] = 100;
    } else if (!vanishes) {
      reported_ = true;
      RemoteChunk c;
      c.index = claimed_;
      c.taker = "w2";
      c.result = remote;
      if (remote.ok()) c.object_key = "chunks/job/1.mp4";
      p.finished.push_back(c);
    }
    return p;
  }
  core::Status Fetch(RemoteChunk& c, const std::string& dir) override {
    ++fetched;
    c.result.output->path = dir + "/A.mp4";
    return core::Status::Ok();
  }
  void Discard(const RemoteChunk&) override {}
  void Stop(const std::string&) override { ++stopped; }
  void Close(const std::string&, size_t) override { ++closed; }

 private:
  std::mutex mu_;
  std::deque<size_t> todo_;
  size_t claimed_ = 0;
  int polls_ = 0;
  bool reported_ = false;
};

SplitOutcome RenderWithPool(ScriptedRunner& runner, ScriptedPool& pool) {
  NoJoiner joiner;
  // One slot free here: the other worker's makes two.
  SplitRenderer split(&runner, &joiner, [] { return 1; }, {true, 2, 0, 0});
  split.SetPool(&pool);
  sandbox::RenderJob job{{}, ::testing::TempDir(), "job"};
  job.request.quality = render::Quality::kLow;
  return split.Render(
      job, [](const render::Progress&) {}, sandbox::CancelToken());
}

RenderResult RemoteOk() {
  RenderResult r;
  r.output = render::RenderOutput{"", "A", "mp4", 10, {"A"}, ""};
  r.usage.cpu_ms = 700;
  r.usage.peak_memory_bytes = 300;
  r.warnings = {{9, "w", "remote"}};
  return r;
}

TEST(SplitRenderTest, AChunkRenderedElsewhereIsFetchedAndJoined) {
  ScriptedRunner runner;
  ScriptedPool pool;
  pool.remote = RemoteOk();
  SplitOutcome out = RenderWithPool(runner, pool);
  EXPECT_EQ(out.chunks, 2);
  ASSERT_TRUE(out.result.ok()) << out.result.error->message;
  EXPECT_EQ(runner.chunks_rendered, 1);  // the other chunk came from the pool
  EXPECT_EQ(pool.fetched, 1);
  EXPECT_EQ(pool.closed, 1);
  EXPECT_EQ(out.result.usage.cpu_ms, 1000 + 700);
  EXPECT_EQ(out.result.usage.peak_memory_bytes, 300);
  EXPECT_EQ(out.result.warnings, (std::vector<render::Warning>{{9, "w", "remote"}}));
}

TEST(SplitRenderTest, AChunkWhoseTakerVanishedIsRenderedHere) {
  ScriptedRunner runner;
  ScriptedPool pool;
  pool.vanishes = true;
  SplitOutcome out = RenderWithPool(runner, pool);
  ASSERT_TRUE(out.result.ok()) << out.result.error->message;
  EXPECT_EQ(out.chunks, 2);
  EXPECT_EQ(runner.chunks_rendered, 2);
  EXPECT_EQ(pool.fetched, 0);
  EXPECT_EQ(pool.closed, 1);
}

TEST(SplitRenderTest, AChunkFailingElsewhereFailsTheJobWithItsError) {
  ScriptedRunner runner;
  ScriptedPool pool;
  pool.remote.error = render::RenderError::Of(render::ErrorKind::kPythonError, "boom");
  pool.remote.error->location = render::SourceLocation{9, 0, "raise"};
  SplitOutcome out = RenderWithPool(runner, pool);
  ASSERT_TRUE(out.result.error);
  EXPECT_EQ(out.result.error->kind, render::ErrorKind::kPythonError);
  EXPECT_EQ(out.result.error->message, "chunk 2 of 2 (animations 2 to the end): boom");
  EXPECT_EQ(out.result.error->location->line, 9);
  EXPECT_EQ(pool.closed, 1);
}

TEST(SplitRenderTest, WithoutRedisEveryChunkRendersHere) {
  ScriptedRunner runner;
  ScriptedPool pool;
  pool.open_fails = true;
  SplitOutcome out = RenderWithPool(runner, pool);
  ASSERT_TRUE(out.result.ok()) << out.result.error->message;
  EXPECT_EQ(runner.chunks_rendered, 2);
  EXPECT_EQ(pool.closed, 0);
}

}  // namespace
}  // namespace manimd::jobs
