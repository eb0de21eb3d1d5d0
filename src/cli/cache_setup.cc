// The cache key names the runtime by its directory (the hash of its package list) and its
// manim version, so nodes on one runtime share entries and a new runtime starts afresh.
#include "cli/cache_setup.h"

#include <filesystem>

namespace manimd::cli {

core::Result<CacheSetup> OpenResultCache(const core::Config& c, JobBackend* jobs,
                                         storage::Storage* videos,
                                         const sandbox::RuntimeInfo& runtime,
                                         const core::Clock* clock) {
  CacheSetup out;
  if (!c.cache) return out;
  core::Result<std::unique_ptr<cache::CacheIndex>> index = jobs->OpenCacheIndex();
  if (!index.ok()) return index.status();
  out.index = std::move(*index);
  jobs::ResultCacheOptions options;
  options.runtime_key =
      std::filesystem::path(runtime.dir).filename().string() + "/" + runtime.manim_version;
  options.global = c.cache_scope == "global";
  options.cluster_lock = jobs->cluster_lock();
  options.lease = std::chrono::seconds(c.worker_lease_s);
  // A twin in flight renders within RENDER_TIMEOUT_S, then uploads; a holder that died
  // is seen when its lease runs out. Past both, the waiter renders beside it.
  options.max_wait = std::chrono::seconds(c.render_timeout_s) + 2 * options.lease;
  out.cache = std::make_unique<jobs::ResultCache>(out.index.get(), jobs->store(), videos,
                                                  std::move(options), clock);
  jobs->SetCache(out.cache.get());
  return out;
}

}  // namespace manimd::cli
