// Render slots: each concurrent render runs under its own unprivileged uid so that
// RLIMIT_NPROC (counted per uid, across namespaces) confines one job's fork bomb to that
// job. Slots are claimed with flock on files in a run directory, so a CLI render and a
// server on the same machine never share a uid.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>

#include "core/status.h"

namespace manimd::sandbox {

class SlotPool;

// A claimed slot; releases its lock when destroyed.
class Slot {
 public:
  Slot(Slot&& other) noexcept;
  Slot& operator=(Slot&&) = delete;
  ~Slot();
  int index() const { return index_; }
  // The uid to run as, or nullopt when manimd is not root (then renders run as our own
  // uid and RLIMIT_NPROC counts all of this user's processes).
  std::optional<uid_t> uid() const { return uid_; }

 private:
  friend class SlotPool;
  Slot(int index, std::optional<uid_t> uid, int lock_fd)
      : index_(index), uid_(uid), lock_fd_(lock_fd) {}
  int index_;
  std::optional<uid_t> uid_;
  int lock_fd_;
};

class SlotPool {
 public:
  // `count` slots, slot i using uid `uid_base + i`. Thread-safe.
  SlotPool(std::string run_dir, uid_t uid_base, int count);

  // Claims a free slot, waiting up to `wait`. Unavailable when none freed up in time.
  core::Result<Slot> Acquire(std::chrono::milliseconds wait);
  int size() const { return count_; }

 private:
  std::string run_dir_;
  uid_t uid_base_;
  int count_;
};

}  // namespace manimd::sandbox
