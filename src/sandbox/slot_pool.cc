// A counting semaphore that also names its slots, so a slot's fork server is reused.
#include "sandbox/slot_pool.h"

#include <algorithm>

namespace manimd::sandbox {

Slot::Slot(Slot&& other) noexcept : pool_(other.pool_), index_(other.index_) {
  other.pool_ = nullptr;
}

Slot::~Slot() {
  if (pool_ != nullptr) pool_->Release(index_);
}

SlotPool::SlotPool(int count) : busy_(static_cast<size_t>(count), false) {}

core::Result<Slot> SlotPool::Acquire(std::chrono::milliseconds wait) {
  std::unique_lock lock(mu_);
  auto deadline = std::chrono::steady_clock::now() + wait;
  for (;;) {
    for (size_t i = 0; i < busy_.size(); ++i) {
      if (!busy_[i]) {
        busy_[i] = true;
        return Slot(this, static_cast<int>(i));
      }
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      return core::Unavailable("all " + std::to_string(busy_.size()) + " render slots are busy");
    }
    freed_.wait_until(lock, deadline);
  }
}

int SlotPool::Free() {
  std::lock_guard lock(mu_);
  return static_cast<int>(std::count(busy_.begin(), busy_.end(), false));
}

void SlotPool::Release(int index) {
  {
    std::lock_guard lock(mu_);
    busy_[static_cast<size_t>(index)] = false;
  }
  freed_.notify_one();
}

}  // namespace manimd::sandbox
