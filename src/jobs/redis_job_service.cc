// The API node's side of the cluster: it never renders here (a RedisWorker may run in
// the same process, but talks to it only through Redis).
#include "jobs/redis_job_service.h"

#include "jobs/redis_keys.h"

namespace manimd::jobs {

core::Result<Job> RedisJobService::Submit(Job job) {
  job.status = JobStatus::kQueued;
  if (job.created_ms == 0) job.created_ms = clock_->NowMs();
  core::Status s = store_->Submit(&job, max_queue_);
  if (!s.ok()) {
    // A store that cannot be reached is a 503 like a full queue: worth retrying.
    if (s.code() == core::Code::kUnavailable) return s;
    return core::Internal("saving the job: " + s.message());
  }
  return job;
}

core::Result<Job> RedisJobService::Get(const std::string& id) { return store_->Fetch(id, nullptr); }

core::Result<std::vector<Job>> RedisJobService::List(const JobFilter& filter) {
  return store_->List(filter);
}

core::Status RedisJobService::Cancel(const std::string& id) {
  core::Result<Job> job = store_->Fetch(id, nullptr);
  if (!job.ok()) return job.status();
  if (IsFinal(job->status)) {
    return {core::Code::kConflict,
            "job " + id + " already " + JobStatusName(job->status) + "; nothing to cancel"};
  }
  if (job->status == JobStatus::kQueued) {
    Job cancelled = *job;
    cancelled.status = JobStatus::kCancelled;
    cancelled.finished_ms = clock_->NowMs();
    cancelled.error =
        render::RenderError::Of(render::ErrorKind::kCancelled, "cancelled before it started");
    core::Status s = store_->CancelIfQueued(cancelled);
    if (s.ok() && listener_) listener_->Finished(cancelled);
    if (s.ok()) return s;  // the stream entry stays; the worker that takes it skips it
    if (s.code() != core::Code::kConflict) return s;
    // A worker took it meanwhile: stop it where it runs.
  }
  return store_->RequestCancel(id);
}

core::Result<JobWatch> RedisJobService::Watch(const std::string& id, JobObserver fn) {
  // Watch first, then read: no change falls between the two (one may come twice).
  JobWatch watch = events_->Watch(id, fn);
  std::uint64_t version = 0;
  core::Result<Job> now = store_->Fetch(id, &version);
  if (!now.ok()) return now.status();
  fn(*now, version);
  return watch;
}

core::Status RedisJobService::Check() {
  core::Result<redis::RedisReply> pong = client_->Command({"PING"});
  if (!pong.ok()) return pong.status();
  if (!events_->connected()) return core::Unavailable("redis: the event subscription is down");
  return core::Status::Ok();
}

int RedisJobService::queued() const {
  core::Result<int> n = store_->QueuedCount();
  return n.ok() ? *n : -1;
}

int RedisJobService::running() const {
  int total = 0;
  for (JobStatus s : {JobStatus::kRunning, JobStatus::kUploading}) {
    core::Result<redis::RedisReply> r = client_->Command({"ZCARD", redis_keys::ByStatus(s)});
    if (r.ok()) total += static_cast<int>(r->integer);
  }
  return total;
}

}  // namespace manimd::jobs
