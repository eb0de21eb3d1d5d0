// ClusterLock: a lease on a cache key held across processes (a cluster's workers), so that
// identical jobs taken by different workers render once (docs/cache.md). Not a mutex: a
// holder that dies loses it when its lease runs out. RedisFlightLock implements it.
#pragma once

#include <chrono>
#include <string>

#include "core/status.h"

namespace manimd::cache {

class ClusterLock {
 public:
  virtual ~ClusterLock() = default;
  // Takes `key` for `owner` for `lease` unless someone holds it: true when taken.
  // Thread-safe, as every method. Errors: kUnavailable, kInternal.
  virtual core::Result<bool> TryLock(const std::string& key, const std::string& owner,
                                     std::chrono::milliseconds lease) = 0;
  // Extends the lease while `owner` still holds `key`; false when it no longer does.
  virtual core::Result<bool> Renew(const std::string& key, const std::string& owner,
                                   std::chrono::milliseconds lease) = 0;
  // Lets `key` go if `owner` holds it (never another holder's lock).
  virtual core::Status Unlock(const std::string& key, const std::string& owner) = 0;
};

}  // namespace manimd::cache
