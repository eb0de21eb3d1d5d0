// DeliveryStore: where webhook messages wait between attempts, so that a restart loses
// none. SqliteDeliveryStore (a table beside the jobs) in production, MemDeliveryStore
// where nothing local survives anyway (a Redis cluster's worker) and in tests.
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
  // Pending deliveries due at `now_ms`, earliest first, at most `limit`. Thread-safe.
  virtual core::Result<std::vector<Delivery>> Due(std::int64_t now_ms, int limit) = 0;
  // Every delivery of job `job_id`, oldest first. Thread-safe.
  virtual core::Result<std::vector<Delivery>> OfJob(const std::string& job_id) = 0;
};

// Keeps pending deliveries only: OfJob sees none that ended.
class MemDeliveryStore : public DeliveryStore {
 public:
  core::Status Save(const Delivery& delivery) override;
  core::Result<std::vector<Delivery>> Due(std::int64_t now_ms, int limit) override;
  core::Result<std::vector<Delivery>> OfJob(const std::string& job_id) override;

 private:
  std::mutex mu_;
  std::vector<Delivery> deliveries_;  // guarded by mu_, in the order first saved
};

}  // namespace manimd::webhooks
