// JobService: what the HTTP API needs of jobs, however they are kept and run: in this
// process over SQLite (JobQueue, the embedded default) or across machines over Redis
// (RedisJobService, with `manimd worker`s rendering). Handlers see only this.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/status.h"
#include "jobs/job.h"
#include "jobs/job_store.h"

namespace manimd::jobs {

// Called with the job's new state after each change it makes visible, and its version
// (a count of changes, for SSE event ids). May run on any thread; must own what it touches.
using JobObserver = std::function<void(const Job&, std::uint64_t version)>;

// A watch on one job: the observer is called until the JobWatch goes. Move-only.
class JobWatch {
 public:
  JobWatch() = default;
  explicit JobWatch(std::function<void()> stop) : stop_(std::move(stop)) {}
  JobWatch(JobWatch&& other) noexcept : stop_(std::exchange(other.stop_, nullptr)) {}
  JobWatch& operator=(JobWatch&& other) noexcept {
    Reset();
    stop_ = std::exchange(other.stop_, nullptr);
    return *this;
  }
  ~JobWatch() { Reset(); }
  void Reset() {
    if (stop_) std::exchange(stop_, nullptr)();
  }

 private:
  std::function<void()> stop_;
};

class JobService {
 public:
  virtual ~JobService() = default;

  // Saves `job` (status queued) and queues it; the saved job (with its seq) comes back.
  // Errors: kUnavailable (the queue is full, the service is stopping, or the store is
  // unreachable: worth retrying after RetryAfterSeconds()), kInternal. Thread-safe.
  virtual core::Result<Job> Submit(Job job) = 0;

  // The job as it is now, progress included while it runs. Errors: kNotFound, and
  // kUnavailable when the store is unreachable.
  virtual core::Result<Job> Get(const std::string& id) = 0;
  // Newest first, as JobStore::List.
  virtual core::Result<std::vector<Job>> List(const JobFilter& filter) = 0;

  // A queued job becomes cancelled at once; a running one has its sandbox stopped (it
  // becomes cancelled within a second or two, wherever it runs). Errors: kNotFound,
  // kConflict (already final), kUnavailable.
  virtual core::Status Cancel(const std::string& id) = 0;

  // Calls `fn` with the job's current state at once, then after each change, until the
  // returned watch goes (a final state is the last call). Errors: kNotFound, kUnavailable.
  virtual core::Result<JobWatch> Watch(const std::string& id, JobObserver fn) = 0;

  // A guess at when to try again after kUnavailable, for Retry-After: at least 1 s.
  virtual int RetryAfterSeconds() const = 0;
  // Whether jobs can be submitted now (for GET /ready); the message says what is wrong.
  virtual core::Status Check() = 0;
  // For logs: jobs waiting and running (here, or in the whole cluster where known).
  virtual int queued() const = 0;
  virtual int running() const = 0;
};

}  // namespace manimd::jobs
