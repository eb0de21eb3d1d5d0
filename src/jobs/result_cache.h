// ResultCache: identical renders answered with the video an earlier job stored
// (docs/cache.md). Consulted where jobs are submitted (TenantJobs: a hit is saved as a
// finished job at once, no queue, no sandbox) and where they run (RenderPipeline: a job
// whose twin rendered while it waited finishes from the cache; identical jobs take turns,
// so concurrent identical requests render once).
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "cache/cache_index.h"
#include "cache/cluster_lock.h"
#include "core/clock.h"
#include "jobs/held_lease.h"
#include "jobs/job.h"
#include "jobs/job_store.h"
#include "sandbox/runner.h"
#include "storage/storage.h"

namespace manimd::jobs {

struct ResultCacheOptions {
  std::string runtime_key;  // which runtime renders (its directory name and manim version)
  bool global = false;      // CACHE_SCOPE=global: tenants share entries
  // A cluster's lock on keys being rendered, so twins taken by different workers render
  // once; null on a single node, where the lock per key in this process is enough. Its
  // lease (WORKER_LEASE_S) is renewed while the render runs; a dead holder's runs out.
  cache::ClusterLock* cluster_lock = nullptr;
  std::chrono::milliseconds lease{30000};
  // The longest a job waits for an identical one in flight before it renders anyway.
  std::chrono::milliseconds max_wait{std::chrono::minutes(10)};
  std::chrono::milliseconds poll{100};  // how often a waiter looks at the lock and its cancel
};

class ResultCache {
 public:
  // Every pointer must outlive the cache. Thread-safe.
  ResultCache(cache::CacheIndex* index, JobStore* store, storage::Storage* storage,
              ResultCacheOptions options, const core::Clock* clock)
      : index_(index),
        store_(store),
        storage_(storage),
        options_(std::move(options)),
        clock_(clock) {}

  // The job's cache key, or nothing when it is not to be cached (its body said
  // "cache": false, or cache::Cacheable refuses its request).
  std::optional<std::string> KeyFor(const Job& job) const;

  // `job` finished from the cache: succeeded, cached, with the stored video's key, a
  // fresh url, scene, size and warnings; finished now. Nothing on a miss, which includes
  // an entry whose job is gone or whose object no longer exists (checked in storage; the
  // entry is dropped).
  std::optional<Job> Hit(const Job& job, const std::string& key);

  // A submission answered from the cache: the hit saved as a new finished job. Nothing on
  // a miss (or when saving failed: then the job is rendered as usual).
  std::optional<Job> AnswerSubmission(const Job& job);

  // Records that `done` (succeeded) holds the video for `key`.
  void Remember(const std::string& key, const Job& done);

  // Held while a job with `key` runs: a second job with the same key (in this process, or
  // with a cluster lock on any worker) waits for the first, then finds its video. Unlocks
  // when it goes. Members in the order they are let go last.
  struct FlightLock {
    std::shared_ptr<std::mutex> mutex;  // outlives the lock on it
    std::unique_lock<std::mutex> lock;
    std::unique_ptr<HeldLease> lease;  // the cluster's lock; null when none was taken
  };
  // Waits for the key's flight, up to max_wait (then it proceeds without), and returns
  // nothing as soon as `cancel` is cancelled: the render waited on carries on for the
  // others. `owner` (the job id) names the holder of the cluster's lock.
  std::optional<FlightLock> Flight(const std::string& key, const std::string& owner,
                                   const sandbox::CancelToken& cancel);

  // Whether `job`'s video must outlive it because a newer job, named by a cache entry,
  // hands it out; else the entries for it go and the pruner may delete it.
  bool ObjectStillUsed(const Job& job);

 private:
  cache::CacheIndex* const index_;
  JobStore* const store_;
  storage::Storage* const storage_;
  const ResultCacheOptions options_;
  const core::Clock* const clock_;
  std::mutex mu_;
  // The cluster's lock, taken for `owner` unless it waited past max_wait (nothing then);
  // false when cancelled.
  bool TakeClusterLock(const std::string& key, const std::string& owner,
                       const sandbox::CancelToken& cancel,
                       std::chrono::steady_clock::time_point deadline,
                       std::unique_ptr<HeldLease>* lease);

  // Guarded by mu_: a mutex per key in flight, alive while some job holds or waits for it.
  std::map<std::string, std::weak_ptr<std::mutex>> flights_;
};

}  // namespace manimd::jobs
