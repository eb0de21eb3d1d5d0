// DeliveryStore: where webhook messages wait between attempts, so that a restart loses
// none. SqliteDeliveryStore (a table beside the jobs) on a single node, RedisDeliveryStore
// in a cluster (several dispatchers share it), MemDeliveryStore in tests.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/status.h"
#include "webhooks/delivery.h"

namespace manimd::webhooks {

class DeliveryStore {
 public:
  virtual ~DeliveryStore() = default;
  // Saves a new delivery, or replaces the one with the same id. Thread-safe.
  virtual core::Status Save(const Delivery& delivery) = 0;
  // Claims pending deliveries due at `now_ms`, earliest first, at most `limit`: each one
  // returned is not due again (for any caller, in any process sharing the store) until
  // `now_ms` + the store's claim lease, unless Save changes it first. So one dispatcher
  // at a time sends it, and a crashed one's claim runs out. Thread-safe.
  virtual core::Result<std::vector<Delivery>> Due(std::int64_t now_ms, int limit) = 0;
  // Every delivery of job `job_id`, oldest first. Thread-safe.
  virtual core::Result<std::vector<Delivery>> OfJob(const std::string& job_id) = 0;
};

// How long a claim by Due holds when a store is not told otherwise.
inline constexpr std::int64_t kDefaultClaimMs = 60000;

// Keeps pending deliveries only: OfJob sees none that ended.
class MemDeliveryStore : public DeliveryStore {
 public:
  explicit MemDeliveryStore(std::int64_t claim_ms = kDefaultClaimMs) : claim_ms_(claim_ms) {}
  core::Status Save(const Delivery& delivery) override;
  core::Result<std::vector<Delivery>> Due(std::int64_t now_ms, int limit) override;
  core::Result<std::vector<Delivery>> OfJob(const std::string& job_id) override;

 private:
  const std::int64_t claim_ms_;
  std::mutex mu_;
  std::vector<Delivery> deliveries_;  // guarded by mu_, in the order first saved
};

}  // namespace manimd::webhooks
