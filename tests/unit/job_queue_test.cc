#include "jobs/job_queue.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <vector>

#include "jobs/mem_job_store.h"
#include "test_util.h"

namespace manimd::jobs {
namespace {

using FixedClock = core::ManualClock;

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
      if (cancelled) j.error = render::RenderError::Of(render::ErrorKind::kCancelled, "stop");
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

Job NewJob(const std::string& id) { return testing::MakeJob(id); }

Job TenantJob(const std::string& id, const std::string& tenant, int concurrency) {
  Job job = testing::MakeJob(id);
  job.tenant = tenant;
  job.tenant_concurrency = concurrency;
  return job;
}

// Tenant a (concurrency 1) queues three jobs before b queues one: with two workers, b's
// job starts while a's first still runs, and a's second waits for a's first.
TEST(JobQueueTest, ATenantAtItsConcurrencyDoesNotHoldBackAnother) {
  FixedClock clock;
  GatedExecutor executor;
  MemJobStore store;
  JobQueue queue({2, 10}, &executor, &store, &clock);
  for (int i = 1; i <= 3; ++i) {
    ASSERT_OK(queue.Enqueue(TenantJob("a" + std::to_string(i), "a", 1)).status());
  }
  ASSERT_OK(queue.Enqueue(TenantJob("b1", "b", 1)).status());
  executor.WaitForStarted(2);
  std::vector<std::string> first = executor.started();
  std::sort(first.begin(), first.end());
  EXPECT_EQ(first, (std::vector<std::string>{"a1", "b1"}));  // two workers: either order
  EXPECT_EQ(queue.queued(), 2);
  executor.Release();
  executor.WaitForStarted(4);
  std::vector<std::string> all = executor.started();
  EXPECT_EQ(std::vector<std::string>(all.begin() + 2, all.end()),
            (std::vector<std::string>{"a2", "a3"}));
  queue.Shutdown(std::chrono::seconds(10));
}

TEST(JobQueueTest, RunsAtMostWorkersAtOnce) {
  FixedClock clock;
  GatedExecutor executor;
  MemJobStore store;
  JobQueue queue({2, 10}, &executor, &store, &clock);
  std::vector<std::shared_ptr<LiveJob>> jobs;
  for (int i = 0; i < 6; ++i) jobs.push_back(*queue.Enqueue(NewJob("j" + std::to_string(i))));
  executor.WaitForStarted(2);
  EXPECT_EQ(queue.running(), 2);
  EXPECT_EQ(queue.queued(), 4);
  executor.Release();
  executor.WaitForStarted(6);
  queue.Shutdown(std::chrono::seconds(10));
  for (const auto& j : jobs) {
    EXPECT_EQ(j->Snapshot().status, JobStatus::kSucceeded);
    EXPECT_EQ(store.Get(j->id())->status, JobStatus::kSucceeded);  // saved as it went
  }
  EXPECT_EQ(executor.max_running(), 2);
}

TEST(JobQueueTest, OneWorkerTakesJobsInSubmissionOrder) {
  FixedClock clock;
  GatedExecutor executor;
  MemJobStore store;
  JobQueue queue({1, 10}, &executor, &store, &clock);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(queue.Enqueue(NewJob("j" + std::to_string(i))).ok());
  executor.Release();
  executor.WaitForStarted(5);
  EXPECT_EQ(executor.started(), (std::vector<std::string>{"j0", "j1", "j2", "j3", "j4"}));
}

TEST(JobQueueTest, AFullQueueRefusesWithUnavailable) {
  FixedClock clock;
  GatedExecutor executor;
  MemJobStore store;
  JobQueue queue({1, 2}, &executor, &store, &clock);
  ASSERT_TRUE(queue.Enqueue(NewJob("running")).ok());
  executor.WaitForStarted(1);
  ASSERT_TRUE(queue.Enqueue(NewJob("waiting1")).ok());
  ASSERT_TRUE(queue.Enqueue(NewJob("waiting2")).ok());
  core::Result<std::shared_ptr<LiveJob>> refused = queue.Enqueue(NewJob("refused"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), core::Code::kUnavailable);
  EXPECT_NE(refused.status().message().find("MAX_QUEUE=2"), std::string::npos);
  EXPECT_GE(queue.RetryAfterSeconds(), 1);
  executor.Release();
}

TEST(JobQueueTest, CancelledQueuedJobsNeverStart) {
  FixedClock clock;
  GatedExecutor executor;
  MemJobStore store;
  JobQueue queue({1, 5}, &executor, &store, &clock);
  auto first = *queue.Enqueue(NewJob("first"));
  auto second = *queue.Enqueue(NewJob("second"));
  executor.WaitForStarted(1);
  int seen = 0;
  Observation watching = second->Observe(
      [&](const Job& j, std::uint64_t) { seen += j.status == JobStatus::kCancelled; });
  EXPECT_TRUE(queue.Cancel(second));
  EXPECT_EQ(store.Get("second")->status, JobStatus::kCancelled);
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

TEST(JobQueueTest, ShutdownKeepsQueuedJobsAndRequeuesInterruptedOnes) {
  FixedClock clock;
  GatedExecutor executor;
  MemJobStore store;
  std::shared_ptr<LiveJob> running, waiting, sync_waiting;
  {
    JobQueue queue({1, 5}, &executor, &store, &clock);
    running = *queue.Enqueue(NewJob("running"));
    waiting = *queue.Enqueue(NewJob("waiting"));
    Job sync = NewJob("sync");
    sync.sync = true;
    sync_waiting = *queue.Enqueue(sync);
    executor.WaitForStarted(1);
    std::thread poker([&] {  // the executor re-checks its token when poked
      for (int i = 0; i < 200 && store.Get("running")->status != JobStatus::kQueued; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        executor.Poke();
      }
    });
    queue.Shutdown(std::chrono::milliseconds(50));
    poker.join();
    EXPECT_FALSE(queue.Enqueue(NewJob("late")).ok());
  }
  // Asynchronous jobs are left for the next start; the synchronous client got its answer.
  EXPECT_EQ(store.Get("waiting")->status, JobStatus::kQueued);
  EXPECT_EQ(store.Get("running")->status, JobStatus::kQueued);
  EXPECT_EQ(store.Get("sync")->status, JobStatus::kCancelled);
  EXPECT_EQ(sync_waiting->Snapshot().status, JobStatus::kCancelled);

  GatedExecutor next;
  next.Release();
  JobQueue restarted({1, 5}, &next, &store, &clock);
  EXPECT_EQ(*restarted.Recover(), 2);
  next.WaitForStarted(2);
  EXPECT_EQ(next.started(), (std::vector<std::string>{"running", "waiting"}));
}

TEST(JobQueueTest, RecoverRerunsInterruptedAsyncJobsAndCancelsSyncOnes) {
  FixedClock clock;
  MemJobStore store;
  for (auto [id, status, sync] :
       {std::tuple{"a", JobStatus::kRunning, false}, std::tuple{"b", JobStatus::kQueued, false},
        std::tuple{"c", JobStatus::kUploading, true},
        std::tuple{"d", JobStatus::kSucceeded, false}}) {
    Job j = NewJob(id);
    j.status = status;
    j.sync = sync;
    ASSERT_TRUE(store.Insert(&j).ok());
  }
  GatedExecutor executor;
  executor.Release();
  JobQueue queue({1, 5}, &executor, &store, &clock);
  EXPECT_EQ(*queue.Recover(), 2);
  executor.WaitForStarted(2);
  queue.Shutdown(std::chrono::seconds(5));
  EXPECT_EQ(executor.started(), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(store.Get("a")->status, JobStatus::kSucceeded);
  EXPECT_EQ(store.Get("c")->status, JobStatus::kCancelled);
  EXPECT_EQ(store.Get("c")->error->kind, render::ErrorKind::kCancelled);
}

TEST(JobQueueTest, AJobInterruptedTooOftenFailsInsteadOfRunningAgain) {
  FixedClock clock;
  MemJobStore store;
  for (auto [id, attempts] :
       {std::pair{"again", kMaxAttempts - 1}, std::pair{"poison", kMaxAttempts}}) {
    Job j = NewJob(id);
    j.status = JobStatus::kRunning;
    j.attempts = attempts;
    ASSERT_TRUE(store.Insert(&j).ok());
  }
  GatedExecutor executor;
  executor.Release();
  JobQueue queue({1, 5}, &executor, &store, &clock);
  EXPECT_EQ(*queue.Recover(), 1);
  executor.WaitForStarted(1);
  queue.Shutdown(std::chrono::seconds(5));
  EXPECT_EQ(executor.started(), (std::vector<std::string>{"again"}));
  EXPECT_EQ(store.Get("again")->attempts, kMaxAttempts);  // counted when it started
  core::Result<Job> poison = store.Get("poison");
  EXPECT_EQ(poison->status, JobStatus::kFailed);
  EXPECT_EQ(poison->error->kind, render::ErrorKind::kInternal);
  EXPECT_NE(poison->error->message.find("interrupted 3 times"), std::string::npos);
}

TEST(JobQueueTest, GetAndCancelByIdSayWhatIsWrong) {
  FixedClock clock;
  GatedExecutor executor;
  MemJobStore store;
  JobQueue queue({1, 5}, &executor, &store, &clock);
  EXPECT_EQ(queue.Get("nope").status().code(), core::Code::kNotFound);
  EXPECT_EQ(queue.Cancel("nope").code(), core::Code::kNotFound);
  auto job = *queue.Enqueue(NewJob("x"));
  executor.Release();
  executor.WaitForStarted(1);
  queue.Shutdown(std::chrono::seconds(5));
  EXPECT_EQ(queue.Get("x")->status, JobStatus::kSucceeded);
  EXPECT_EQ(queue.Cancel("x").code(), core::Code::kConflict);
}

}  // namespace
}  // namespace manimd::jobs
