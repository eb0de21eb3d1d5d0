// JobQueue: the bounded, first-come-first-served queue in front of the render slots, and
// the worker threads that take jobs from it. At most `workers` jobs run at once; at most
// `max_queue` wait. The synchronous API is "submit and wait" on top of it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "jobs/live_job.h"

namespace manimd::jobs {

// What a worker does with one job. Implemented by RenderPipeline.
class JobExecutor {
 public:
  virtual ~JobExecutor() = default;
  // Takes a running job to a final status (succeeded, failed or cancelled) through
  // job.Update, honouring job.cancel_token(). Called on a worker thread; must be
  // thread-safe across workers.
  virtual void Execute(LiveJob& job) = 0;
};

struct JobQueueOptions {
  int workers = 2;     // MAX_CONCURRENT_RENDERS
  int max_queue = 64;  // MAX_QUEUE: jobs waiting beyond the running ones
};

class JobQueue {
 public:
  // `executor` and `clock` must outlive the queue. Starts the workers.
  JobQueue(JobQueueOptions options, JobExecutor* executor, const core::Clock* clock);
  ~JobQueue();  // Shutdown(0) if not done

  // Queues `job` (status queued). Errors: kUnavailable when the queue is full or the
  // queue is shutting down. Thread-safe.
  core::Result<std::shared_ptr<LiveJob>> Submit(Job job);

  // A queued job is dropped and marked cancelled at once; a running one has its render
  // stopped (it becomes cancelled when the executor returns). False when already final.
  bool Cancel(const std::shared_ptr<LiveJob>& job);

  // Stops taking jobs, cancels the queued ones, lets running ones finish for up to
  // `grace`, then cancels them and joins the workers. Thread-safe, idempotent.
  void Shutdown(std::chrono::milliseconds grace);

  int queued() const;
  int running() const;
  // A guess at when a slot frees up, for Retry-After: at least 1 second.
  int RetryAfterSeconds() const;

 private:
  void Work();
  void MarkCancelled(LiveJob& job, const std::string& message);

  const JobQueueOptions options_;
  JobExecutor* const executor_;
  const core::Clock* const clock_;
  mutable std::mutex mu_;
  std::condition_variable wake_;                // a job was queued, or stopping
  std::condition_variable idle_;                // a running job finished
  std::deque<std::shared_ptr<LiveJob>> queue_;  // guarded by mu_
  std::set<std::shared_ptr<LiveJob>> running_;  // guarded by mu_
  bool stopping_ = false;                       // guarded by mu_
  double average_job_s_ = 10;                   // guarded by mu_: moving average
  std::vector<std::thread> workers_;
};

}  // namespace manimd::jobs
