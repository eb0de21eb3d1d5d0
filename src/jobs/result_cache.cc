// A hit copies the outputs of the job an entry names; a miss for any reason (no entry, job
// pruned, object deleted, storage not answering) means render, never an error.
#include "jobs/result_cache.h"

#include <thread>

#include "cache/cache_key.h"
#include "core/log.h"

namespace manimd::jobs {

std::optional<std::string> ResultCache::KeyFor(const Job& job) const {
  if (!job.use_cache || !cache::Cacheable(*job.request)) return std::nullopt;
  return cache::CacheKey(*job.request, options_.runtime_key, options_.global ? "" : job.tenant);
}

std::optional<Job> ResultCache::Hit(const Job& job, const std::string& key) {
  core::Result<std::optional<cache::CacheEntry>> entry = index_->Find(key);
  if (!entry.ok() || !*entry) return std::nullopt;
  core::Result<Job> source = store_->Get((*entry)->job_id);
  if (!source.ok() || source->status != JobStatus::kSucceeded || source->key.empty()) {
    if (source.ok() || source.status().code() == core::Code::kNotFound) (void)index_->Remove(key);
    return std::nullopt;
  }
  core::Result<bool> exists = storage_->Exists(source->key);
  if (!exists.ok() || !*exists) {
    if (exists.ok()) (void)index_->Remove(key);
    core::LogEvent(
        core::LogLevel::kInfo, "cache.stale",
        {{"job_id", job.id},
         {"object", source->key},
         {"reason", exists.ok() ? std::string("object gone") : exists.status().message()}});
    return std::nullopt;
  }
  core::Result<std::string> url = storage_->Url(source->key);
  if (!url.ok()) return std::nullopt;
  Job hit = job;
  std::int64_t now = clock_->NowMs();
  hit.status = JobStatus::kSucceeded;
  hit.cached = true;
  hit.key = source->key;
  hit.url = *url;
  hit.scene = source->scene;
  hit.bytes = source->bytes;
  hit.poster_key.clear();
  hit.poster_url.clear();
  if (!source->poster_key.empty()) {
    // The poster is a nicety here too: a video whose poster is gone is still a hit.
    core::Result<std::string> poster = storage_->Url(source->poster_key);
    if (poster.ok()) {
      hit.poster_key = source->poster_key;
      hit.poster_url = *poster;
    }
  }
  hit.usage = {};  // nothing ran for this job
  hit.chunks = source->chunks;
  hit.warnings = source->warnings;
  hit.progress = source->progress;
  hit.error.reset();
  if (hit.created_ms == 0) hit.created_ms = now;
  if (hit.started_ms == 0) hit.started_ms = now;
  hit.finished_ms = now;
  return hit;
}

std::optional<Job> ResultCache::AnswerSubmission(const Job& job) {
  std::optional<std::string> key = KeyFor(job);
  if (!key) return std::nullopt;
  std::optional<Job> hit = Hit(job, *key);
  if (!hit) return std::nullopt;
  if (core::Status s = store_->Insert(&*hit); !s.ok()) {
    core::LogEvent(core::LogLevel::kWarn, "cache.save_failed",
                   {{"job_id", hit->id}, {"error", s.message()}});
    return std::nullopt;
  }
  Remember(*key, *hit);
  core::LogEvent(core::LogLevel::kInfo, "cache.hit",
                 {{"job_id", hit->id}, {"object", hit->key}, {"at", std::string("submit")}});
  return hit;
}

void ResultCache::Remember(const std::string& key, const Job& done) {
  if (done.status != JobStatus::kSucceeded || done.key.empty()) return;
  if (core::Status s = index_->Put(key, {done.id, done.key}); !s.ok()) {
    core::LogEvent(core::LogLevel::kWarn, "cache.save_failed",
                   {{"job_id", done.id}, {"error", s.message()}});
  }
}

std::optional<ResultCache::FlightLock> ResultCache::Flight(const std::string& key,
                                                           const std::string& owner,
                                                           const sandbox::CancelToken& cancel) {
  std::shared_ptr<std::mutex> m;
  {
    std::lock_guard lock(mu_);
    if (flights_.size() > 1024) {
      std::erase_if(flights_, [](const auto& kv) { return kv.second.expired(); });
    }
    m = flights_[key].lock();
    if (!m) {
      m = std::make_shared<std::mutex>();
      flights_[key] = m;
    }
  }
  // Polling rather than lock(): a waiting job must notice its cancel at once. try_lock and a
  // sleep rather than timed_mutex::try_lock_for, which glibc implements with
  // pthread_mutex_clocklock: GCC 12's ThreadSanitizer does not see that lock and reports
  // its unlock as an error.
  auto deadline = std::chrono::steady_clock::now() + options_.max_wait;
  FlightLock flight{m, std::unique_lock<std::mutex>(*m, std::defer_lock), nullptr};
  while (!flight.lock.try_lock()) {
    if (cancel.cancelled()) return std::nullopt;
    if (std::chrono::steady_clock::now() >= deadline) break;  // render beside it
    std::this_thread::sleep_for(options_.poll);
  }
  if (options_.cluster_lock != nullptr &&
      !TakeClusterLock(key, owner, cancel, deadline, &flight.lease)) {
    return std::nullopt;
  }
  return flight;
}

bool ResultCache::TakeClusterLock(const std::string& key, const std::string& owner,
                                  const sandbox::CancelToken& cancel,
                                  std::chrono::steady_clock::time_point deadline,
                                  std::unique_ptr<HeldLease>* lease) {
  for (;;) {
    core::Result<bool> taken = options_.cluster_lock->TryLock(key, owner, options_.lease);
    if (taken.ok() && *taken) {
      *lease = std::make_unique<HeldLease>(options_.cluster_lock, key, owner, options_.lease);
      return true;
    }
    if (!taken.ok()) {
      // Without Redis the job cannot be stored either; rendering is the most it can do.
      core::LogEvent(core::LogLevel::kWarn, "cache.lock_failed",
                     {{"job_id", owner}, {"error", taken.status().message()}});
      return true;
    }
    if (cancel.cancelled()) return false;
    if (std::chrono::steady_clock::now() >= deadline) return true;
    std::this_thread::sleep_for(options_.poll);
  }
}

bool ResultCache::ObjectStillUsed(const Job& job) {
  if (job.key.empty()) return false;
  core::Result<std::optional<std::string>> holder = index_->JobForObject(job.key);
  if (!holder.ok()) return true;  // when unsure, keep the video
  if (*holder && **holder != job.id) return true;
  (void)index_->RemoveObject(job.key);
  return false;
}

}  // namespace manimd::jobs
