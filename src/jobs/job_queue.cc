// The queue's locking: mu_ guards the deque, the running set, the live map and the stop
// flags; a job's own state has its own lock (LiveJob). mu_ is never held while a job's
// observers run, so they may call back into the queue.
#include "jobs/job_queue.h"

#include <algorithm>
#include <cmath>

#include "core/log.h"

namespace manimd::jobs {

JobQueue::JobQueue(JobQueueOptions options, JobExecutor* executor, JobStore* store,
                   const core::Clock* clock, JobListener* listener)
    : options_(options), executor_(executor), store_(store), clock_(clock), listener_(listener) {
  for (int i = 0; i < options_.workers; ++i) workers_.emplace_back([this] { Work(); });
}

JobQueue::~JobQueue() { Shutdown(std::chrono::milliseconds(0)); }

std::shared_ptr<LiveJob> JobQueue::MakeLive(Job job) {
  // Every status change is saved, in order, under the job's own lock.
  return std::make_shared<LiveJob>(std::move(job), [this](const Job& j) {
    if (core::Status s = store_->Update(j); !s.ok()) {
      core::LogEvent(core::LogLevel::kError, "job.save_failed",
                     {{"job_id", j.id}, {"error", s.message()}});
    }
  });
}

core::Result<Job> JobQueue::Submit(Job job) {
  core::Result<std::shared_ptr<LiveJob>> live = Enqueue(std::move(job));
  if (!live.ok()) return live.status();
  return (*live)->Snapshot();
}

core::Result<JobWatch> JobQueue::Watch(const std::string& id, JobObserver fn) {
  if (std::shared_ptr<LiveJob> live = FindLive(id)) {
    // Watch first, then read: no change falls between the two (one may come twice).
    auto watching = std::make_shared<Observation>(live->Observe(fn));
    std::uint64_t version = 0;
    Job now = live->Snapshot(&version);
    fn(now, version);
    return JobWatch([watching] { watching->Reset(); });
  }
  core::Result<Job> stored = store_->Get(id);  // finished, or unknown
  if (!stored.ok()) return stored.status();
  fn(*stored, 0);
  return JobWatch();
}

core::Result<std::shared_ptr<LiveJob>> JobQueue::Enqueue(Job job) {
  job.status = JobStatus::kQueued;
  if (job.created_ms == 0) job.created_ms = clock_->NowMs();
  {
    std::lock_guard lock(mu_);
    if (stopping_) return core::Unavailable("the server is shutting down");
    // Jobs that can start now do not count as waiting; those being saved do.
    int free_slots = options_.workers - static_cast<int>(running_.size());
    int waiting = static_cast<int>(queue_.size()) + saving_ - std::max(free_slots, 0);
    if (waiting >= options_.max_queue) {
      return core::Unavailable("the render queue is full (" + std::to_string(queue_.size()) +
                               " waiting, MAX_QUEUE=" + std::to_string(options_.max_queue) + ")");
    }
    ++saving_;  // its place is held while it is saved, outside the lock
  }
  // Saved before it is accepted: an answered submission is never lost. The store may be
  // slow (a disk, a network); other submissions and the workers do not wait for it.
  core::Status saved = store_->Insert(&job);
  std::lock_guard lock(mu_);
  --saving_;
  if (!saved.ok()) return core::Internal("saving the job: " + saved.message());
  std::string tenant = job.tenant;
  int limit = job.tenant_concurrency;
  auto live = MakeLive(std::move(job));
  live_[live->id()] = live;
  if (stopping_) {
    // Shutdown began while it was saved: it waits in the store for the next start, and a
    // synchronous client, which cannot wait that long, is answered now.
    live_.erase(live->id());
    return core::Unavailable("the server is shutting down");
  }
  queue_.Push(tenant, limit, live);
  // Every worker looks: the one woken first may find only a tenant at its limit.
  wake_.notify_all();
  return live;
}

core::Result<int> JobQueue::Recover() {
  core::Result<std::vector<Job>> unfinished = store_->Unfinished();
  if (!unfinished.ok()) return unfinished.status();
  int requeued = 0;
  for (Job& job : *unfinished) {
    bool was_running = job.status != JobStatus::kQueued;
    if (job.sync) {
      job.status = JobStatus::kCancelled;
      job.finished_ms = clock_->NowMs();
      job.error =
          render::RenderError::Of(render::ErrorKind::kCancelled,
                                  "the server restarted before this synchronous render finished");
      if (core::Status s = store_->Update(job); !s.ok()) return s;
      continue;
    }
    if (was_running && job.attempts >= kMaxAttempts) {
      // It was running each time the server died: it may be what kills the server.
      job.status = JobStatus::kFailed;
      job.finished_ms = clock_->NowMs();
      job.error = render::RenderError::Of(
          render::ErrorKind::kInternal,
          "the render was interrupted " + std::to_string(job.attempts) +
              " times (the server stopped or crashed while it ran); it is not run again");
      if (core::Status s = store_->Update(job); !s.ok()) return s;
      core::LogEvent(core::LogLevel::kWarn, "job.abandoned",
                     {{"job_id", job.id}, {"attempts", static_cast<std::int64_t>(job.attempts)}});
      continue;
    }
    Requeue(job);
    if (core::Status s = store_->Update(job); !s.ok()) return s;
    core::LogEvent(core::LogLevel::kInfo, "job.recovered",
                   {{"job_id", job.id},
                    {"was_running", was_running},
                    {"attempts", static_cast<std::int64_t>(job.attempts)}});
    std::string tenant = job.tenant;
    int limit = job.tenant_concurrency;
    auto live = MakeLive(std::move(job));
    std::lock_guard lock(mu_);
    queue_.Push(tenant, limit, live);
    live_[live->id()] = live;
    ++requeued;
  }
  wake_.notify_all();
  return requeued;
}

core::Result<Job> JobQueue::Get(const std::string& id) {
  if (std::shared_ptr<LiveJob> live = FindLive(id)) return live->Snapshot();
  return store_->Get(id);
}

core::Result<std::vector<Job>> JobQueue::List(const JobFilter& filter) {
  core::Result<std::vector<Job>> jobs = store_->List(filter);
  if (!jobs.ok()) return jobs;
  for (Job& job : *jobs) {
    if (std::shared_ptr<LiveJob> live = FindLive(job.id)) job = live->Snapshot();
  }
  return jobs;
}

std::shared_ptr<LiveJob> JobQueue::FindLive(const std::string& id) {
  std::lock_guard lock(mu_);
  auto it = live_.find(id);
  return it == live_.end() ? nullptr : it->second;
}

void JobQueue::MarkCancelled(LiveJob& job, const std::string& message) {
  std::int64_t now = clock_->NowMs();
  job.Update([&](Job& j) {
    j.status = JobStatus::kCancelled;
    j.finished_ms = now;
    j.error = render::RenderError::Of(render::ErrorKind::kCancelled, message);
  });
  if (listener_) listener_->Finished(job.Snapshot());
}

void JobQueue::Forget(const std::shared_ptr<LiveJob>& job) {
  std::lock_guard lock(mu_);
  live_.erase(job->id());
}

core::Status JobQueue::Cancel(const std::string& id) {
  if (std::shared_ptr<LiveJob> live = FindLive(id); live && Cancel(live)) return {};
  core::Result<Job> stored = store_->Get(id);
  if (!stored.ok()) return stored.status();
  return {core::Code::kConflict,
          "job " + id + " already " + JobStatusName(stored->status) + "; nothing to cancel"};
}

bool JobQueue::Cancel(const std::shared_ptr<LiveJob>& job) {
  if (IsFinal(job->Snapshot().status)) return false;  // finished, not yet forgotten
  {
    std::lock_guard lock(mu_);
    if (queue_.Remove(job->Snapshot().tenant, job)) {
      live_.erase(job->id());
    } else if (running_.count(job) != 0) {
      job->cancel_token().Cancel();
      return true;
    } else {
      return false;
    }
  }
  MarkCancelled(*job, "cancelled before it started");
  return true;
}

void JobQueue::RunOne(const std::shared_ptr<LiveJob>& job) {
  std::int64_t start = clock_->NowMs();
  job->Update([&](Job& j) {
    j.status = JobStatus::kRunning;
    j.started_ms = start;
    ++j.attempts;  // saved with the status: a crash mid-render leaves it counted
  });
  {
    Observation watch = listener_ ? listener_->Running(job) : Observation();
    executor_->Execute(*job);
  }
  Job done = job->Snapshot();
  bool interrupted;
  {
    std::lock_guard lock(mu_);
    interrupted = interrupting_;
  }
  if (interrupted && !done.sync && done.status == JobStatus::kCancelled) {
    // Stopped by a graceful shutdown, not by a user: it runs again at the next start, and
    // this run does not count against it.
    job->Update([](Job& j) {
      Requeue(j);
      --j.attempts;
    });
  } else if (!IsFinal(done.status)) {  // an executor bug must not strand a waiter
    core::LogEvent(core::LogLevel::kError, "job.not_finished", {{"job_id", job->id()}});
    job->Update([&](Job& j) {
      j.status = JobStatus::kFailed;
      j.finished_ms = clock_->NowMs();
      j.error = render::RenderError::Of(render::ErrorKind::kInternal, "the job did not finish");
    });
  }
  if (Job final = job->Snapshot(); listener_ && IsFinal(final.status)) listener_->Finished(final);
  std::lock_guard lock(mu_);
  running_.erase(job);
  queue_.Finished(done.tenant);
  live_.erase(job->id());
  double seconds = static_cast<double>(clock_->NowMs() - start) / 1000.0;
  average_job_s_ = 0.8 * average_job_s_ + 0.2 * seconds;
}

void JobQueue::Work() {
  for (;;) {
    std::shared_ptr<LiveJob> job;
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, [&] { return stopping_ || queue_.HasRunnable(); });
      if (stopping_) return;  // what is still queued stays in the store for the next start
      job = std::move(*queue_.Pop());
      running_.insert(job);
    }
    RunOne(job);
    idle_.notify_all();
    wake_.notify_all();  // its tenant may run another now
  }
}

void JobQueue::Shutdown(std::chrono::milliseconds grace) {
  std::vector<std::shared_ptr<LiveJob>> left;
  {
    std::lock_guard lock(mu_);
    if (stopping_ && workers_.empty()) return;
    stopping_ = true;
    left = queue_.TakeAll();
  }
  wake_.notify_all();
  // Queued jobs stay queued in the store; only a synchronous client needs an answer now.
  for (const auto& job : left) {
    Forget(job);
    if (job->Snapshot().sync) MarkCancelled(*job, "the server shut down before it started");
  }
  {
    std::unique_lock lock(mu_);
    if (!idle_.wait_for(lock, grace, [&] { return running_.empty(); })) {
      interrupting_ = true;
      for (const auto& job : running_) job->cancel_token().Cancel();
    }
  }
  for (std::thread& t : workers_) {
    if (t.joinable()) t.join();
  }
  workers_.clear();
}

int JobQueue::queued() const {
  std::lock_guard lock(mu_);
  return static_cast<int>(queue_.size());
}

int JobQueue::running() const {
  std::lock_guard lock(mu_);
  return static_cast<int>(running_.size());
}

int JobQueue::RetryAfterSeconds() const {
  std::lock_guard lock(mu_);
  double rounds = static_cast<double>(queue_.size() + 1) / std::max(options_.workers, 1);
  return std::clamp(static_cast<int>(std::ceil(rounds * average_job_s_)), 1, 600);
}

}  // namespace manimd::jobs
