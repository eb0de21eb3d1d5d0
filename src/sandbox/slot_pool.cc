// Slot claiming with flock: the kernel drops a lock when its holder dies, so a crashed
// manimd never leaves a slot stuck.
#include "sandbox/slot_pool.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <thread>

namespace manimd::sandbox {

Slot::Slot(Slot&& other) noexcept
    : index_(other.index_), uid_(other.uid_), lock_fd_(other.lock_fd_) {
  other.lock_fd_ = -1;
}

Slot::~Slot() {
  if (lock_fd_ >= 0) close(lock_fd_);  // closing drops the flock
}

SlotPool::SlotPool(std::string run_dir, uid_t uid_base, int count)
    : run_dir_(std::move(run_dir)), uid_base_(uid_base), count_(count) {}

core::Result<Slot> SlotPool::Acquire(std::chrono::milliseconds wait) {
  std::error_code ec;
  std::filesystem::create_directories(run_dir_, ec);
  if (ec) return core::Internal("creating " + run_dir_ + ": " + ec.message());
  bool root = geteuid() == 0;
  auto deadline = std::chrono::steady_clock::now() + wait;
  while (true) {
    for (int i = 0; i < count_; ++i) {
      std::string path = run_dir_ + "/slot-" + std::to_string(i) + ".lock";
      int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
      if (fd < 0) return core::Internal("opening " + path + ": " + std::strerror(errno));
      if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
        std::optional<uid_t> uid;
        if (root) uid = uid_base_ + static_cast<uid_t>(i);
        return Slot(i, uid, fd);
      }
      close(fd);
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      return core::Unavailable("all " + std::to_string(count_) + " render slots are busy");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace manimd::sandbox
