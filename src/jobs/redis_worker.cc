// The worker side of the cluster. Delivery is at least once: a job may reach two workers
// (a lease that ran out under a stalled one). That is harmless because every write goes
// through UpdateUnlessFinal semantics (RedisJobStore::Change): the first final state
// stands, the other worker stops as soon as it notices, and deletes a video it stored.
#include "jobs/redis_worker.h"

#include <boost/json.hpp>

#include "core/log.h"
#include "jobs/redis_keys.h"

namespace manimd::jobs {
namespace {
constexpr std::chrono::milliseconds kDeferredPause{200};
}  // namespace

RedisWorker::RedisWorker(RedisWorkerOptions options, RedisJobStore* store, RedisEvents* events,
                         JobExecutor* executor, storage::Storage* storage, const core::Clock* clock,
                         JobListener* listener)
    : options_(std::move(options)),
      store_(store),
      events_(events),
      executor_(executor),
      storage_(storage),
      clock_(clock),
      listener_(listener) {}

RedisWorker::~RedisWorker() { Stop(std::chrono::milliseconds(0)); }

void RedisWorker::Start() {
  events_->OnCancel([this](const std::string& id) {
    std::lock_guard lock(mu_);
    auto it = running_.find(id);
    if (it != running_.end()) it->second->cancel_token().Cancel();
  });
  for (int slot = 0; slot < options_.slots; ++slot) {
    threads_.emplace_back([this, slot] { SlotLoop(slot); });
  }
  heartbeat_ = std::thread([this] { Heartbeat(); });
}

void RedisWorker::Stop(std::chrono::milliseconds grace) {
  if (stopping_.exchange(true)) return;
  auto deadline = std::chrono::steady_clock::now() + grace;
  auto busy = [this] { return running() + (chunk_taker_ ? chunk_taker_->busy() : 0); };
  while (busy() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  {
    std::lock_guard lock(mu_);
    interrupting_ = true;
    for (auto& [id, live] : running_) live->cancel_token().Cancel();
  }
  for (std::thread& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
  if (heartbeat_.joinable()) heartbeat_.join();
  if (control_) (void)control_->Command({"HDEL", redis_keys::kWorkers, options_.id});
}

int RedisWorker::running() const {
  std::lock_guard lock(mu_);
  return static_cast<int>(running_.size());
}

void RedisWorker::SlotLoop(int slot) {
  std::unique_ptr<redis::RedisClient> client;
  std::unique_ptr<RedisQueue> queue;
  std::unique_ptr<RedisTenantSlots> slots;
  while (!stopping_) {
    if (!client) {
      core::Result<std::unique_ptr<redis::RedisClient>> c =
          redis::RedisClient::Connect(options_.address, {});
      if (!c.ok()) {
        std::this_thread::sleep_for(std::chrono::seconds(1));  // Redis is down: wait for it
        continue;
      }
      client = std::move(*c);
      queue = std::make_unique<RedisQueue>(client.get(), options_.id + "-" + std::to_string(slot));
      slots = std::make_unique<RedisTenantSlots>(client.get(), options_.lease);
      if (!queue->EnsureGroup().ok()) client.reset();
      continue;
    }
    // Orphans first: a job a dead worker held waits no longer than the lease.
    core::Result<std::optional<QueueEntry>> entry = queue->Reclaim(options_.lease);
    // Then a chunk another worker offers (its job is already running), then new jobs.
    if (entry.ok() && !*entry && chunk_taker_ && chunk_taker_->TakeOne(interrupting_)) continue;
    // With chunks to look for, an idle slot looks twice a second (docs/split.md).
    if (entry.ok() && !*entry) {
      entry = queue->Read(std::chrono::milliseconds(chunk_taker_ ? 500 : 1000));
    }
    if (!entry.ok()) {
      client.reset();  // reconnect, after a pause
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
      continue;
    }
    if (*entry && !stopping_ && !Handle(*queue, *slots, **entry)) {
      // Only jobs of tenants at their limit may be waiting: do not spin through them.
      std::this_thread::sleep_for(kDeferredPause);
    }
  }
}

core::Status RedisWorker::Fail(const std::string& id, const std::string& message) {
  core::Result<Job> job = store_->Get(id);
  if (!job.ok()) return job.status();
  job->status = JobStatus::kFailed;
  job->finished_ms = clock_->NowMs();
  job->error = render::RenderError::Of(render::ErrorKind::kInternal, message);
  core::Result<std::uint64_t> v = store_->Change(*job, true);
  if (v.ok() && listener_) listener_->Finished(*job);
  return v.ok() ? core::Status::Ok() : v.status();
}

void RedisWorker::End(const Job& job) {
  if (store_->Change(job, true).ok() && listener_) listener_->Finished(job);
}

bool RedisWorker::Handle(RedisQueue& queue, RedisTenantSlots& slots, const QueueEntry& entry) {
  if (entry.deliveries > options_.max_deliveries) {
    // Each delivery before ended with its worker gone: this job may be what kills them.
    (void)Fail(entry.job_id, "the render was handed to a worker " +
                                 std::to_string(entry.deliveries - 1) +
                                 " times and each time the worker died; it is not run again");
    core::LogEvent(
        core::LogLevel::kWarn, "job.abandoned",
        {{"job_id", entry.job_id}, {"deliveries", static_cast<std::int64_t>(entry.deliveries)}});
    (void)queue.Ack(entry.entry_id);
    return true;
  }
  core::Result<Job> job = store_->Get(entry.job_id);
  if (!job.ok() || IsFinal(job->status)) {  // deleted, cancelled while queued, or done
    if (job.ok() || job.status().code() == core::Code::kNotFound) (void)queue.Ack(entry.entry_id);
    return true;
  }
  core::Result<bool> cancel = store_->CancelRequested(entry.job_id);
  if (cancel.ok() && *cancel) {
    job->status = JobStatus::kCancelled;
    job->finished_ms = clock_->NowMs();
    job->error = render::RenderError::Of(render::ErrorKind::kCancelled, "render cancelled");
    End(*job);
    (void)queue.Ack(entry.entry_id);
    return true;
  }
  std::string tenant = job->tenant_concurrency > 0 ? job->tenant : std::string();
  if (!tenant.empty()) {
    core::Result<bool> slot = slots.Take(tenant, job->id, job->tenant_concurrency);
    // Redis trouble: the entry stays pending and is taken over after the lease.
    if (!slot.ok()) return true;
    if (!*slot) {
      core::LogEvent(core::LogLevel::kDebug, "job.deferred",
                     {{"job_id", job->id}, {"tenant", tenant}});
      (void)queue.PutBack(entry);
      return false;
    }
  }
  Render(entry, queue.consumer(), std::move(*job), tenant);
  if (!tenant.empty()) (void)slots.Release(tenant, entry.job_id);
  if (!interrupting_) (void)queue.Ack(entry.entry_id);
  return true;
}

bool RedisWorker::Publish(const Job& job, JobStatus before) {
  bool status_changed = job.status != before || IsFinal(job.status);
  core::Result<std::uint64_t> v = store_->Change(job, status_changed);
  if (!v.ok() && v.status().code() == core::Code::kConflict) {
    // Final elsewhere (another worker finished it, or it was cancelled): stop ours.
    std::lock_guard lock(mu_);
    auto it = running_.find(job.id);
    if (it != running_.end()) it->second->cancel_token().Cancel();
  }
  return v.ok();
}

void RedisWorker::Render(const QueueEntry& entry, const std::string& consumer, Job job,
                         const std::string& slot_tenant) {
  Requeue(job);  // from scratch: a reclaimed job starts again
  job.status = JobStatus::kRunning;
  job.started_ms = clock_->NowMs();
  ++job.attempts;
  if (!store_->Change(job, true).ok()) return;  // final meanwhile, or Redis is gone
  core::LogEvent(core::LogLevel::kInfo, "job.started",
                 {{"job_id", job.id},
                  {"worker", options_.id},
                  {"delivery", static_cast<std::int64_t>(entry.deliveries)}});
  auto live = std::make_shared<LiveJob>(job);
  {
    std::lock_guard lock(mu_);
    running_[job.id] = live;
    entries_[job.id] = {entry.entry_id, consumer, slot_tenant};
  }
  JobStatus last = JobStatus::kRunning;  // touched only on this thread (the executor's)
  bool final_stood = false;              // ours is the final state the store kept
  Observation watching = live->Observe([this, &last, &final_stood](const Job& j, std::uint64_t) {
    bool written = Publish(j, last);
    if (IsFinal(j.status)) final_stood = written;
    last = j.status;
  });
  Observation listening = listener_ ? listener_->Running(live) : Observation();
  executor_->Execute(*live);
  listening.Reset();
  watching.Reset();
  Job done = live->Snapshot();
  {
    std::lock_guard lock(mu_);
    running_.erase(job.id);
    entries_.erase(job.id);
  }
  if (interrupting_ && done.status == JobStatus::kCancelled) {
    // Stopped by our shutdown, not by a user: another worker takes the entry over after
    // the lease; until then it shows as queued.
    Job again = done;
    Requeue(again);
    --again.attempts;
    (void)store_->Update(again);
    return;
  }
  if (final_stood && listener_) listener_->Finished(done);
  // Did our result stand? If another worker's did, the video we stored is nobody's.
  core::Result<Job> stored = store_->Get(job.id);
  if (stored.ok() && !done.key.empty() && stored->key != done.key) {
    (void)storage_->Delete(done.key);
  }
}

void RedisWorker::Beat() {
  if (!control_) {
    core::Result<std::unique_ptr<redis::RedisClient>> c =
        redis::RedisClient::Connect(options_.address, {});
    if (!c.ok()) return;  // Redis is down; the slots wait for it too
    control_ = std::move(*c);
  }
  std::map<std::string, std::vector<std::string>> by_consumer;
  std::vector<std::pair<std::string, std::string>> tenant_slots;  // tenant, job id
  int busy = 0;
  {
    std::lock_guard lock(mu_);
    busy = static_cast<int>(running_.size()) + (chunk_taker_ ? chunk_taker_->busy() : 0);
    for (const auto& [job_id, held] : entries_) {
      by_consumer[held.consumer].push_back(held.entry_id);
      if (!held.slot_tenant.empty()) tenant_slots.emplace_back(held.slot_tenant, job_id);
    }
  }
  for (const auto& [consumer, ids] : by_consumer) {
    (void)RedisQueue(control_.get(), consumer).Touch(ids);
  }
  RedisTenantSlots slots(control_.get(), options_.lease);
  for (const auto& [tenant, job_id] : tenant_slots) (void)slots.Hold(tenant, job_id);
  boost::json::object me{{"host", options_.host},
                         {"slots", options_.slots},
                         {"busy", busy},
                         {"heartbeatMs", clock_->NowMs()},
                         {"leaseMs", static_cast<std::int64_t>(options_.lease.count())}};
  core::Result<redis::RedisReply> r =
      control_->Command({"HSET", redis_keys::kWorkers, options_.id, boost::json::serialize(me)});
  if (!r.ok()) control_.reset();
}

void RedisWorker::Heartbeat() {
  auto last = std::chrono::steady_clock::time_point();
  // Beats until every slot has stopped, so entries still rendering during a graceful
  // stop keep their lease.
  while (!stopping_ || running() > 0) {
    auto now = std::chrono::steady_clock::now();
    if (now - last >= options_.lease / 3) {
      last = now;
      Beat();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

}  // namespace manimd::jobs
