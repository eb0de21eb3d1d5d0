// RedisCacheIndex: the result cache's entries in a cluster's Redis (REDIS_URL), shared by
// every API node and worker. Each entry and each object's list of entries expires after
// JOB_TTL, as the jobs they name do. Key layout: redis_keys.h.
#pragma once

#include <chrono>
#include <string>

#include "cache/cache_index.h"
#include "redis/redis_client.h"

namespace manimd::jobs {

class RedisCacheIndex : public cache::CacheIndex {
 public:
  // `client` must outlive the index; it may be shared (its calls are serialized).
  // `ttl`: how long an entry lives after its last Put (JOB_TTL).
  RedisCacheIndex(redis::RedisClient* client, std::chrono::milliseconds ttl)
      : client_(client), ttl_(ttl) {}

  // CacheIndex. Errors also kUnavailable when Redis cannot be reached.
  core::Result<std::optional<cache::CacheEntry>> Find(const std::string& key) override;
  core::Status Put(const std::string& key, const cache::CacheEntry& entry) override;
  core::Status Remove(const std::string& key) override;
  core::Result<std::optional<std::string>> JobForObject(const std::string& object_key) override;
  core::Status RemoveObject(const std::string& object_key) override;

 private:
  redis::RedisClient* const client_;
  const std::chrono::milliseconds ttl_;
};

}  // namespace manimd::jobs
