// flock, not a lock table in memory: the kernel drops a claim when its holder dies, so a
// killed manimd never leaves a uid stuck, whatever process it was.
#include "sandbox/uid_lease.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>
#include <random>
#include <thread>

#include "core/log.h"
#include "sandbox/spawn.h"
#include "sandbox/uid_memory.h"

namespace manimd::sandbox {

UidLeases::UidLeases(std::string run_dir, uid_t base, int count)
    : run_dir_(std::move(run_dir)), base_(base), count_(count) {}

std::optional<UidLease> UidLeases::TryClaim(uid_t uid) {
  std::string path = run_dir_ + "/uid-" + std::to_string(uid) + ".lock";
  core::UniqueFd fd(open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
  if (!fd.valid() || flock(fd.get(), LOCK_EX | LOCK_NB) != 0) return std::nullopt;
  // Free now, but a holder that was killed may have left processes under it; they must not
  // count against the next render's process limit, nor see its files.
  if (int left = ProcessesOfUid(uid); left > 0) {
    KillAllOfUid(uid);
    core::LogEvent(core::LogLevel::kWarn, "sandbox.uid_swept",
                   {{"uid", static_cast<std::int64_t>(uid)},
                    {"processes", static_cast<std::int64_t>(left)},
                    {"reason", std::string("left running by a manimd that is gone")}});
  }
  return UidLease(uid, std::move(fd));
}

core::Result<UidLease> UidLeases::Claim(std::chrono::milliseconds wait) {
  if (geteuid() != 0) return UidLease();
  std::error_code ec;
  std::filesystem::create_directories(run_dir_, ec);
  if (ec) return core::Internal("creating " + run_dir_ + ": " + ec.message());
  // Start the scan at a random uid: processes claiming at once rarely collide.
  thread_local std::minstd_rand rng{std::random_device{}()};
  auto deadline = std::chrono::steady_clock::now() + wait;
  for (;;) {
    int start = static_cast<int>(rng() % static_cast<unsigned>(count_));
    for (int i = 0; i < count_; ++i) {
      uid_t uid = base_ + static_cast<uid_t>((start + i) % count_);
      if (std::optional<UidLease> lease = TryClaim(uid)) return std::move(*lease);
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      return core::Unavailable("all " + std::to_string(count_) +
                               " sandbox uids are in use on this host (SANDBOX_UIDS)");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace manimd::sandbox
