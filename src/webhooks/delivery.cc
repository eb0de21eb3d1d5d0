// Names and ids of deliveries; the store implementations of delivery_store.h.
#include "webhooks/delivery.h"

#include <algorithm>
#include <boost/uuid/uuid.hpp>
#include <boost/uuid/uuid_generators.hpp>
#include <boost/uuid/uuid_io.hpp>

#include "webhooks/delivery_store.h"

namespace manimd::webhooks {

const char* DeliveryStateName(DeliveryState state) {
  switch (state) {
    case DeliveryState::kPending:
      return "pending";
    case DeliveryState::kDelivered:
      return "delivered";
    case DeliveryState::kFailed:
      return "failed";
  }
  return "pending";
}

std::string NewDeliveryId() {
  boost::uuids::random_generator generate;  // seeds itself from the OS
  std::string hex = boost::uuids::to_string(generate());
  hex.erase(std::remove(hex.begin(), hex.end(), '-'), hex.end());
  return "msg_" + hex;
}

core::Status MemDeliveryStore::Save(const Delivery& delivery) {
  std::lock_guard lock(mu_);
  // Only pending ones are kept: memory stays bounded by what is still to be sent.
  std::erase_if(deliveries_, [&](const Delivery& d) { return d.id == delivery.id; });
  if (delivery.state == DeliveryState::kPending) deliveries_.push_back(delivery);
  return core::Status::Ok();
}

core::Result<std::vector<Delivery>> MemDeliveryStore::Due(std::int64_t now_ms, int limit) {
  std::lock_guard lock(mu_);
  std::vector<Delivery*> due;
  for (Delivery& d : deliveries_) {
    if (d.state == DeliveryState::kPending && d.next_ms <= now_ms) due.push_back(&d);
  }
  std::stable_sort(due.begin(), due.end(),
                   [](const Delivery* a, const Delivery* b) { return a->next_ms < b->next_ms; });
  if (due.size() > static_cast<size_t>(limit)) due.resize(static_cast<size_t>(limit));
  std::vector<Delivery> out;
  for (Delivery* d : due) {
    out.push_back(*d);
    d->next_ms = now_ms + claim_ms_;  // claimed: the copy returned keeps its due time
  }
  return out;
}

core::Result<std::vector<Delivery>> MemDeliveryStore::OfJob(const std::string& job_id) {
  std::lock_guard lock(mu_);
  std::vector<Delivery> out;
  for (const Delivery& d : deliveries_) {
    if (d.job_id == job_id) out.push_back(d);
  }
  return out;
}

}  // namespace manimd::webhooks
