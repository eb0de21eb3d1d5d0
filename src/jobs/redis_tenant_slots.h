// RedisTenantSlots: how a cluster holds each tenant to its key's --concurrency. A worker
// takes one of the tenant's slots before it renders a job and gives it back after; a slot
// is a lease (its end in a ZSET, redis_keys::TenantRunning) that the worker's heartbeat
// extends, so the slot of a worker that died ends with its lease instead of leaking.
#pragma once

#include <chrono>
#include <string>

#include "redis/redis_client.h"

namespace manimd::jobs {

class RedisTenantSlots {
 public:
  // `client` must outlive this. `lease`: how long a slot lasts without Hold.
  RedisTenantSlots(redis::RedisClient* client, std::chrono::milliseconds lease)
      : client_(client), lease_(lease) {}

  // Takes a slot of `tenant` for `job_id` unless `limit` (> 0) other jobs of it hold
  // one. true: taken (or held already by this job: a reclaimed delivery). false: full.
  // Errors: kUnavailable, kInternal (Redis's).
  core::Result<bool> Take(const std::string& tenant, const std::string& job_id, int limit);
  // Extends the lease of a slot this job holds (not one it gave back or lost).
  core::Status Hold(const std::string& tenant, const std::string& job_id);
  // Gives the slot back. Idempotent.
  core::Status Release(const std::string& tenant, const std::string& job_id);

 private:
  redis::RedisClient* const client_;
  const std::chrono::milliseconds lease_;
};

}  // namespace manimd::jobs
