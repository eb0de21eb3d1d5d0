// Render slots: at most `count` sandboxes of this process run at once. In-process only:
// which host uid a sandbox runs as is a UidLease (uid_lease.h), claimed host-wide.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <vector>

#include "core/status.h"

namespace manimd::sandbox {

class SlotPool;

// A claimed slot; free again when destroyed. Move-only.
class Slot {
 public:
  Slot(Slot&& other) noexcept;
  Slot& operator=(Slot&&) = delete;
  ~Slot();
  int index() const { return index_; }  // 0 .. count-1, stable per slot (its fork server)

 private:
  friend class SlotPool;
  Slot(SlotPool* pool, int index) : pool_(pool), index_(index) {}
  SlotPool* pool_;
  int index_;
};

class SlotPool {
 public:
  explicit SlotPool(int count);

  // Claims a free slot, waiting up to `wait`. Unavailable when none freed up in time.
  // Thread-safe.
  core::Result<Slot> Acquire(std::chrono::milliseconds wait);
  int size() const { return static_cast<int>(busy_.size()); }
  // Slots free at this moment (a hint: another thread may claim them next). Thread-safe.
  int Free();

 private:
  friend class Slot;
  void Release(int index);

  std::mutex mu_;
  std::condition_variable freed_;
  std::vector<bool> busy_;  // guarded by mu_
};

}  // namespace manimd::sandbox
