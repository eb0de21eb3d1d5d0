// JobQueue: the jobs of this process. Every job is saved in a JobStore before it is
// accepted; a bounded queue, fair between tenants (fair_queue.h), feeds worker threads,
// at most `workers` jobs run at once and at most `max_queue` wait. The synchronous API is
// "submit and wait" on top of it. After a restart, Recover() takes up what was unfinished.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "jobs/fair_queue.h"
#include "jobs/job_listener.h"
#include "jobs/job_service.h"
#include "jobs/job_store.h"
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

class JobQueue : public JobService {
 public:
  // `executor`, `store`, `clock` and `listener` (may be null) must outlive the queue.
  // Starts the workers.
  JobQueue(JobQueueOptions options, JobExecutor* executor, JobStore* store,
           const core::Clock* clock, JobListener* listener = nullptr);
  ~JobQueue();  // Shutdown(0) if not done

  // Saves `job` (status queued) and queues it. Errors: kUnavailable when the queue is
  // full or shutting down; kInternal when it cannot be saved. Thread-safe.
  core::Result<std::shared_ptr<LiveJob>> Enqueue(Job job);

  // JobService, over this process's queue and store.
  core::Result<Job> Submit(Job job) override;
  core::Result<Job> Get(const std::string& id) override;
  core::Result<std::vector<Job>> List(const JobFilter& filter) override;
  core::Status Cancel(const std::string& id) override;
  core::Result<JobWatch> Watch(const std::string& id, JobObserver fn) override;
  int RetryAfterSeconds() const override;
  core::Status Check() override { return core::Status::Ok(); }
  int queued() const override;
  int running() const override;

  // Takes up the store's unfinished jobs after a restart, in their submission order:
  // queued and interrupted asynchronous jobs run (again), unless one was interrupted
  // kMaxAttempts times: then it fails as `internal`; synchronous ones are cancelled,
  // since the client that waited for them is gone. Call once, before serving. Returns how
  // many were queued again.
  core::Result<int> Recover();

  // The live job, or null when it is not queued or running here.
  std::shared_ptr<LiveJob> FindLive(const std::string& id);

  // A queued job is dropped and marked cancelled at once; a running one has its render
  // stopped (it becomes cancelled when the executor returns). False when it is final.
  bool Cancel(const std::shared_ptr<LiveJob>& job);

  // Stops taking jobs, leaves queued ones in the store for the next start (synchronous
  // ones are cancelled: their clients are answered now), lets running ones finish for up
  // to `grace`, then stops them too, marking them queued again, and joins the workers.
  // Thread-safe, idempotent.
  void Shutdown(std::chrono::milliseconds grace);

 private:
  std::shared_ptr<LiveJob> MakeLive(Job job);
  void Work();
  void RunOne(const std::shared_ptr<LiveJob>& job);
  void MarkCancelled(LiveJob& job, const std::string& message);
  void Forget(const std::shared_ptr<LiveJob>& job);

  const JobQueueOptions options_;
  JobExecutor* const executor_;
  JobStore* const store_;
  const core::Clock* const clock_;
  JobListener* const listener_;
  mutable std::mutex mu_;
  std::condition_variable wake_;                          // a job was queued, or stopping
  std::condition_variable idle_;                          // a running job finished
  FairQueue<std::shared_ptr<LiveJob>> queue_;             // guarded by mu_
  std::set<std::shared_ptr<LiveJob>> running_;            // guarded by mu_
  std::map<std::string, std::shared_ptr<LiveJob>> live_;  // guarded by mu_: queued+running
  bool stopping_ = false;                                 // guarded by mu_
  int saving_ = 0;  // guarded by mu_: submissions being saved, holding a place in the queue
  bool interrupting_ = false;  // guarded by mu_: the grace is over, running jobs are stopped
  double average_job_s_ = 10;  // guarded by mu_: moving average
  std::vector<std::thread> workers_;
};

}  // namespace manimd::jobs
