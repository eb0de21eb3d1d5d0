// RedisFlightLock: the cluster's lock on a cache key being rendered (cache::ClusterLock):
// SET NX PX with the owner's name, renewed and released only by that owner.
#pragma once

#include "cache/cluster_lock.h"
#include "redis/redis_client.h"

namespace manimd::jobs {

class RedisFlightLock : public cache::ClusterLock {
 public:
  // `client` must outlive the lock; it may be shared (its calls are serialized).
  explicit RedisFlightLock(redis::RedisClient* client) : client_(client) {}

  core::Result<bool> TryLock(const std::string& key, const std::string& owner,
                             std::chrono::milliseconds lease) override;
  core::Result<bool> Renew(const std::string& key, const std::string& owner,
                           std::chrono::milliseconds lease) override;
  core::Status Unlock(const std::string& key, const std::string& owner) override;

 private:
  redis::RedisClient* const client_;
};

}  // namespace manimd::jobs
