// The queue's locking: mu_ guards the deque, the running set and the stop flag; a job's
// own state has its own lock (LiveJob), never taken while mu_ is held by a caller of
// Update, so observers can call back into the queue.
#include "jobs/job_queue.h"

#include <algorithm>
#include <cmath>

#include "core/log.h"

namespace manimd::jobs {

JobQueue::JobQueue(JobQueueOptions options, JobExecutor* executor, const core::Clock* clock)
    : options_(options), executor_(executor), clock_(clock) {
  for (int i = 0; i < options_.workers; ++i) workers_.emplace_back([this] { Work(); });
}

JobQueue::~JobQueue() { Shutdown(std::chrono::milliseconds(0)); }

core::Result<std::shared_ptr<LiveJob>> JobQueue::Submit(Job job) {
  job.status = JobStatus::kQueued;
  if (job.created_ms == 0) job.created_ms = clock_->NowMs();
  auto live = std::make_shared<LiveJob>(std::move(job));
  {
    std::lock_guard lock(mu_);
    if (stopping_) return core::Unavailable("the server is shutting down");
    // Jobs that can start now do not count as waiting.
    int free_slots = options_.workers - static_cast<int>(running_.size());
    int waiting = static_cast<int>(queue_.size()) - std::max(free_slots, 0);
    if (waiting >= options_.max_queue) {
      return core::Unavailable("the render queue is full (" + std::to_string(queue_.size()) +
                               " waiting, MAX_QUEUE=" + std::to_string(options_.max_queue) + ")");
    }
    queue_.push_back(live);
  }
  wake_.notify_one();
  return live;
}

void JobQueue::MarkCancelled(LiveJob& job, const std::string& message) {
  std::int64_t now = clock_->NowMs();
  job.Update([&](Job& j) {
    j.status = JobStatus::kCancelled;
    j.finished_ms = now;
    j.error = render::RenderError{render::ErrorKind::kCancelled, message, "", ""};
  });
}

bool JobQueue::Cancel(const std::shared_ptr<LiveJob>& job) {
  {
    std::lock_guard lock(mu_);
    auto it = std::find(queue_.begin(), queue_.end(), job);
    if (it != queue_.end()) {
      queue_.erase(it);
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

void JobQueue::Work() {
  for (;;) {
    std::shared_ptr<LiveJob> job;
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, nothing left
      job = std::move(queue_.front());
      queue_.pop_front();
      running_.insert(job);
    }
    std::int64_t start = clock_->NowMs();
    job->Update([&](Job& j) {
      j.status = JobStatus::kRunning;
      j.started_ms = start;
    });
    executor_->Execute(*job);
    if (!IsFinal(job->Snapshot().status)) {  // an executor bug must not strand a waiter
      core::LogEvent(core::LogLevel::kError, "job.not_finished", {{"job_id", job->id()}});
      job->Update([&](Job& j) {
        j.status = JobStatus::kFailed;
        j.finished_ms = clock_->NowMs();
        j.error =
            render::RenderError{render::ErrorKind::kInternal, "the job did not finish", "", ""};
      });
    }
    {
      std::lock_guard lock(mu_);
      running_.erase(job);
      double seconds = static_cast<double>(clock_->NowMs() - start) / 1000.0;
      average_job_s_ = 0.8 * average_job_s_ + 0.2 * seconds;
    }
    idle_.notify_all();
  }
}

void JobQueue::Shutdown(std::chrono::milliseconds grace) {
  std::deque<std::shared_ptr<LiveJob>> dropped;
  {
    std::lock_guard lock(mu_);
    if (stopping_ && workers_.empty()) return;
    stopping_ = true;
    dropped.swap(queue_);
  }
  wake_.notify_all();
  for (const auto& job : dropped) MarkCancelled(*job, "the server shut down before it started");
  {
    std::unique_lock lock(mu_);
    if (!idle_.wait_for(lock, grace, [&] { return running_.empty(); })) {
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
