// HeldLease: a cache::ClusterLock taken by this process, renewed on a thread of its own
// every third of its lease while the render runs, and released when the HeldLease goes.
// Not for waiting on a lock: ResultCache::Flight does that.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "cache/cluster_lock.h"

namespace manimd::jobs {

class HeldLease {
 public:
  // REQUIRES: `owner` holds `key` in `lock`, which outlives this object.
  HeldLease(cache::ClusterLock* lock, std::string key, std::string owner,
            std::chrono::milliseconds lease);
  ~HeldLease();  // stops renewing, then unlocks
  HeldLease(const HeldLease&) = delete;
  HeldLease& operator=(const HeldLease&) = delete;

 private:
  void RenewLoop();

  cache::ClusterLock* const lock_;
  const std::string key_;
  const std::string owner_;
  const std::chrono::milliseconds lease_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mu_
  std::thread renewer_;
};

}  // namespace manimd::jobs
