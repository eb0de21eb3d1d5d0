// DeliveryStore in Redis, shared by every process of a cluster: any of them saves a
// delivery when a job ends there, and each runs a dispatcher that claims due ones
// atomically (a Lua script), so one attempt is sent by one process at a time.
#pragma once

#include <cstdint>
#include <string>

#include "redis/redis_client.h"
#include "webhooks/delivery_store.h"

namespace manimd::webhooks {

struct RedisDeliveryStoreOptions {
  // How long a claim holds: longer than one attempt can take (WEBHOOK_TIMEOUT_MS), so a
  // live dispatcher saves the outcome first; a crashed one's delivery is due again after.
  std::int64_t claim_ms = kDefaultClaimMs;
  // How long a delivered or failed delivery stays for OfJob (the job's lifetime, JOB_TTL_S).
  std::int64_t keep_ms = 7LL * 24 * 3600 * 1000;
};

class RedisDeliveryStore : public DeliveryStore {
 public:
  // `client` must outlive the store. Errors of every method: kUnavailable when Redis
  // cannot be reached, kInternal when it refuses or a stored document is not JSON.
  RedisDeliveryStore(redis::RedisClient* client, RedisDeliveryStoreOptions options);

  core::Status Save(const Delivery& delivery) override;
  core::Result<std::vector<Delivery>> Due(std::int64_t now_ms, int limit) override;
  core::Result<std::vector<Delivery>> OfJob(const std::string& job_id) override;

 private:
  redis::RedisClient* const client_;
  const RedisDeliveryStoreOptions options_;
};

}  // namespace manimd::webhooks
