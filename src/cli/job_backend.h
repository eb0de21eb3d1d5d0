// How a serving process keeps and runs jobs, as the configuration says: in this process
// over SQLite under DATA_DIR (the embedded default), or across machines over Redis
// (REDIS_URL), with or without rendering here. `manimd serve` and `manimd worker` both
// build theirs here.
#pragma once

#include <boost/json/array.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "cache/cache_index.h"
#include "cache/cluster_lock.h"
#include "cli/storage_setup.h"
#include "core/clock.h"
#include "core/config.h"
#include "jobs/job_listener.h"
#include "jobs/job_service.h"
#include "jobs/job_store.h"
#include "jobs/result_cache.h"
#include "jobs/split_render.h"
#include "metrics/metrics.h"
#include "sandbox/runner.h"

namespace manimd::cli {

class JobBackend {
 public:
  virtual ~JobBackend() = default;
  virtual jobs::JobService* service() = 0;
  virtual jobs::JobStore* store() = 0;  // for pruning
  // Starts what runs jobs (recovery of a single node's unfinished jobs, or cluster
  // workers); how many jobs were taken up again, for the start-up log.
  virtual core::Result<int> Start() = 0;
  // Stops taking jobs; running renders get `grace`, then stop (and run again later).
  virtual void Shutdown(std::chrono::milliseconds grace) = 0;
  // "sqlite:<path>" or "redis://host:port/db", for logs.
  virtual std::string Describe() const = 0;
  // The cluster's workers for GET /ready ({id, host, slots, busy, heartbeatAgeS, stale});
  // empty on a single node.
  virtual boost::json::array Workers() { return {}; }
  // The result cache's index, where the jobs are (the job database, or Redis), and a
  // cluster's lock on keys being rendered (null on a single node). Errors: kInternal.
  virtual core::Result<std::unique_ptr<cache::CacheIndex>> OpenCacheIndex() = 0;
  virtual cache::ClusterLock* cluster_lock() { return nullptr; }
  // Lets this process's renders use the result cache (docs/cache.md). REQUIRES: before
  // Start(); `cache` outlives the backend.
  virtual void SetCache(jobs::ResultCache* cache) = 0;
};

// `renders`: this process renders jobs (a single node always does; a cluster node unless
// SERVE_RENDERS=off; a worker always). `metrics` (may be null) gets this process's
// renders; `listener` (may be null; a single node's queue calls it, in a cluster this
// process's worker and its cancels of queued jobs); `split` (null with SPLIT=off), which
// renders instead of `runner` and may cut a job into chunks on this process's slots
// (docs/split.md). `runner`, `storage` and every pointer given must outlive the backend.
core::Result<std::unique_ptr<JobBackend>> OpenJobBackend(
    const core::Config& config, const VideoStorage& storage, sandbox::Runner* runner,
    const core::Clock* clock, bool renders, metrics::Metrics* metrics = nullptr,
    jobs::JobListener* listener = nullptr, jobs::SplitRenderer* split = nullptr);

// The single node's job database: DATA_DIR/jobs.sqlite.
std::string JobDatabasePath(const VideoStorage& storage);

}  // namespace manimd::cli
