// The result cache as `manimd serve` and `manimd worker` build it from the configuration
// (CACHE, CACHE_SCOPE), over whichever job backend they run: entries in SQLite on a single
// node, in Redis with a cluster lock for a cluster (docs/cache.md).
#pragma once

#include <memory>

#include "cache/cache_index.h"
#include "cli/job_backend.h"
#include "cli/storage_setup.h"
#include "core/clock.h"
#include "core/config.h"
#include "jobs/result_cache.h"
#include "sandbox/runtime_locator.h"

namespace manimd::cli {

struct CacheSetup {
  std::unique_ptr<cache::CacheIndex> index;
  std::unique_ptr<jobs::ResultCache> cache;  // null with CACHE=off
};

// Opens the index and the cache and gives it to `jobs`' renders. REQUIRES: before
// jobs->Start(); every pointer outlives the result, which outlives `jobs`' renders.
core::Result<CacheSetup> OpenResultCache(const core::Config& config, JobBackend* jobs,
                                         storage::Storage* videos,
                                         const sandbox::RuntimeInfo& runtime,
                                         const core::Clock* clock);

}  // namespace manimd::cli
