// JobPruner: forgets finished jobs older than JOB_TTL, with their stored videos, so
// DATA_DIR does not grow without bound. Runs on its own thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>

#include "core/clock.h"
#include "jobs/job_store.h"
#include "storage/storage.h"

namespace manimd::jobs {

class JobPruner {
 public:
  // Every pointer must outlive the pruner. Nothing runs until Start().
  JobPruner(JobStore* store, storage::Storage* storage, const core::Clock* clock,
            std::int64_t ttl_ms)
      : store_(store), storage_(storage), clock_(clock), ttl_ms_(ttl_ms) {}
  ~JobPruner() { Stop(); }

  // Removes every job that finished more than the TTL ago, and its object. Returns how
  // many jobs were removed. Thread-safe with respect to the store and storage.
  int PruneOnce();

  // Asked before a pruned job's video is deleted: true keeps the video (a newer job hands
  // it out, see ResultCache::ObjectStillUsed). REQUIRES: set before Start().
  void SetKeepObject(std::function<bool(const Job&)> keep) { keep_object_ = std::move(keep); }

  // PruneOnce now and then every `interval` on a thread, until Stop().
  void Start(std::chrono::milliseconds interval);
  void Stop();

 private:
  JobStore* const store_;
  storage::Storage* const storage_;
  const core::Clock* const clock_;
  const std::int64_t ttl_ms_;
  std::function<bool(const Job&)> keep_object_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace manimd::jobs
