#include "jobs/job_queue.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <vector>

namespace manimd::jobs {
namespace {

class FixedClock : public core::Clock {
 public:
  std::int64_t NowMs() const override { return 1000; }
};

// Runs each job until the test releases it (or it is cancelled), recording what ran.
class GatedExecutor : public JobExecutor {
 public:
  void Execute(LiveJob& job) override {
    std::unique_lock lock(mu_);
    started_.push_back(job.id());
    ++running_;
    max_running_ = std::max(max_running_, running_);
    changed_.notify_all();
    changed_.wait(lock, [&] { return released_ || job.cancel_token().cancelled(); });
    --running_;
    bool cancelled = job.cancel_token().cancelled() && !released_;
    lock.unlock();
    job.Update([&](Job& j) {
      j.status = cancelled ? JobStatus::kCancelled : JobStatus::kSucceeded;
      if (cancelled) j.error = render::RenderError{render::ErrorKind::kCancelled, "stop", "", ""};
    });
  }
  void Release() {
    std::lock_guard lock(mu_);
    released_ = true;
    changed_.notify_all();
  }
  void WaitForStarted(size_t n) {
    std::unique_lock lock(mu_);
    changed_.wait(lock, [&] { return started_.size() >= n; });
  }
  void Poke() { changed_.notify_all(); }  // re-check cancel tokens
  std::vector<std::string> started() {
    std::lock_guard lock(mu_);
    return started_;
  }
  int max_running() {
    std::lock_guard lock(mu_);
    return max_running_;
  }

 private:
  std::mutex mu_;
  std::condition_variable changed_;
  std::vector<std::string> started_;
  int running_ = 0;
  int max_running_ = 0;
  bool released_ = false;
};

Job NewJob(const std::string& id) {
  Job j;
  j.id = id;
  return j;
}

TEST(JobQueueTest, RunsAtMostWorkersAtOnceInSubmissionOrder) {
  FixedClock clock;
  GatedExecutor executor;
  JobQueue queue({2, 10}, &executor, &clock);
  std::vector<std::shared_ptr<LiveJob>> jobs;
  for (int i = 0; i < 6; ++i) jobs.push_back(*queue.Submit(NewJob("j" + std::to_string(i))));
  executor.WaitForStarted(2);
  EXPECT_EQ(queue.running(), 2);
  EXPECT_EQ(queue.queued(), 4);
  executor.Release();
  executor.WaitForStarted(6);
  queue.Shutdown(std::chrono::seconds(10));  // only drops jobs still queued: none now
  for (const auto& j : jobs) EXPECT_EQ(j->Snapshot().status, JobStatus::kSucceeded);
  EXPECT_EQ(executor.max_running(), 2);
  std::vector<std::string> started = executor.started();
  ASSERT_EQ(started.size(), 6u);
  EXPECT_EQ(started[0].substr(0, 1) + started[1].substr(0, 1), "jj");
  for (size_t i = 2; i < started.size(); ++i) EXPECT_EQ(started[i], "j" + std::to_string(i));
}

TEST(JobQueueTest, AFullQueueRefusesWithUnavailable) {
  FixedClock clock;
  GatedExecutor executor;
  JobQueue queue({1, 2}, &executor, &clock);
  ASSERT_TRUE(queue.Submit(NewJob("running")).ok());
  executor.WaitForStarted(1);
  ASSERT_TRUE(queue.Submit(NewJob("waiting1")).ok());
  ASSERT_TRUE(queue.Submit(NewJob("waiting2")).ok());
  core::Result<std::shared_ptr<LiveJob>> refused = queue.Submit(NewJob("refused"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), core::Code::kUnavailable);
  EXPECT_NE(refused.status().message().find("MAX_QUEUE=2"), std::string::npos);
  EXPECT_GE(queue.RetryAfterSeconds(), 1);
  executor.Release();
}

TEST(JobQueueTest, CancelledQueuedJobsNeverStart) {
  FixedClock clock;
  GatedExecutor executor;
  JobQueue queue({1, 5}, &executor, &clock);
  auto first = *queue.Submit(NewJob("first"));
  auto second = *queue.Submit(NewJob("second"));
  executor.WaitForStarted(1);
  int seen = 0;
  second->Observe([&](const Job& j) { seen += j.status == JobStatus::kCancelled; });
  EXPECT_TRUE(queue.Cancel(second));
  EXPECT_EQ(second->Snapshot().status, JobStatus::kCancelled);
  EXPECT_EQ(second->Snapshot().error->kind, render::ErrorKind::kCancelled);
  EXPECT_EQ(seen, 1);
  EXPECT_TRUE(queue.Cancel(first));  // running: its token is set
  executor.Poke();
  queue.Shutdown(std::chrono::seconds(10));
  EXPECT_EQ(first->Snapshot().status, JobStatus::kCancelled);
  EXPECT_EQ(executor.started(), std::vector<std::string>{"first"});
  EXPECT_FALSE(queue.Cancel(first));  // already final
}

TEST(JobQueueTest, ShutdownDropsTheQueueAndCancelsRunningJobsAfterTheGrace) {
  FixedClock clock;
  GatedExecutor executor;
  JobQueue queue({1, 5}, &executor, &clock);
  auto running = *queue.Submit(NewJob("running"));
  auto waiting = *queue.Submit(NewJob("waiting"));
  executor.WaitForStarted(1);
  std::thread poker([&] {  // the executor re-checks its token when poked
    for (int i = 0; i < 100 && !jobs::IsFinal(running->Snapshot().status); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      executor.Poke();
    }
  });
  queue.Shutdown(std::chrono::milliseconds(50));
  poker.join();
  EXPECT_EQ(waiting->Snapshot().status, JobStatus::kCancelled);
  EXPECT_EQ(running->Snapshot().status, JobStatus::kCancelled);
  EXPECT_FALSE(queue.Submit(NewJob("late")).ok());
}

}  // namespace
}  // namespace manimd::jobs
