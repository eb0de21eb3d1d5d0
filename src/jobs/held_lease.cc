// A lease lost (Redis was away longer than the lease, or this process stalled) is logged,
// not fatal: the render carries on, and at worst a twin renders once more.
#include "jobs/held_lease.h"

#include "core/log.h"

namespace manimd::jobs {

HeldLease::HeldLease(cache::ClusterLock* lock, std::string key, std::string owner,
                     std::chrono::milliseconds lease)
    : lock_(lock), key_(std::move(key)), owner_(std::move(owner)), lease_(lease) {
  renewer_ = std::thread([this] { RenewLoop(); });
}

HeldLease::~HeldLease() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  renewer_.join();
  (void)lock_->Unlock(key_, owner_);
}

void HeldLease::RenewLoop() {
  std::unique_lock lock(mu_);
  while (!wake_.wait_for(lock, lease_ / 3, [this] { return stopping_; })) {
    lock.unlock();
    core::Result<bool> renewed = lock_->Renew(key_, owner_, lease_);
    lock.lock();
    if (!renewed.ok() || !*renewed) {
      core::LogEvent(
          core::LogLevel::kWarn, "cache.lease_lost",
          {{"job_id", owner_},
           {"reason", renewed.ok() ? std::string("held by another") : renewed.status().message()}});
      if (renewed.ok()) return;  // another holds it now: nothing left to renew
    }
  }
}

}  // namespace manimd::jobs
