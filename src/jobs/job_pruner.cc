// Pruning in batches, so one run never holds the store for long.
#include "jobs/job_pruner.h"

#include "core/log.h"

namespace manimd::jobs {

int JobPruner::PruneOnce() {
  constexpr int kBatch = 100;
  std::int64_t cutoff = clock_->NowMs() - ttl_ms_;
  int removed = 0;
  for (int round = 0; round < 1000; ++round) {  // bounded: at most 100k jobs per run
    core::Result<std::vector<Job>> expired = store_->Expired(cutoff, kBatch);
    if (!expired.ok()) {
      core::LogEvent(core::LogLevel::kError, "job.prune_failed",
                     {{"error", expired.status().message()}});
      break;
    }
    for (const Job& job : *expired) {
      // A video (or poster) that cannot be deleted now keeps its job, to be tried again; one
      // the result cache still hands out (a newer job's) stays.
      bool keep = keep_object_ && keep_object_(job);
      for (const std::string& key : {job.poster_key, job.key}) {
        if (key.empty() || keep) continue;
        if (core::Status s = storage_->Delete(key); !s.ok()) {
          core::LogEvent(core::LogLevel::kWarn, "job.prune_object_failed",
                         {{"job_id", job.id}, {"error", s.message()}});
          return removed;
        }
      }
      if (store_->Delete(job.id).ok()) ++removed;
    }
    if (static_cast<int>(expired->size()) < kBatch) break;
  }
  if (removed > 0) {
    core::LogEvent(core::LogLevel::kInfo, "job.pruned",
                   {{"jobs", static_cast<std::int64_t>(removed)}});
  }
  return removed;
}

void JobPruner::Start(std::chrono::milliseconds interval) {
  thread_ = std::thread([this, interval] {
    std::unique_lock lock(mu_);
    while (!stopping_) {
      lock.unlock();
      PruneOnce();
      lock.lock();
      wake_.wait_for(lock, interval, [&] { return stopping_; });
    }
  });
}

void JobPruner::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace manimd::jobs
