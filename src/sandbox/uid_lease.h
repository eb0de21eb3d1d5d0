// Sandbox uids as a host-wide resource. Every manimd process on a host (servers, workers,
// CLI renders) takes its uids from one range, SANDBOX_UID_BASE .. + SANDBOX_UIDS, and a
// uid is claimed (flock on MANIMD_RUN_DIR/uid-<uid>.lock) for as long as anything runs
// under it: a cold sandbox for one render, a fork server's zygote for its whole life. So
// no process ever sweeps a uid another one is using, and RLIMIT_NPROC stays per render.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>

#include "core/status.h"
#include "core/unique_fd.h"

namespace manimd::sandbox {

// A claimed uid; the claim ends when the lease is destroyed. Move-only.
class UidLease {
 public:
  UidLease() = default;
  UidLease(std::optional<uid_t> uid, core::UniqueFd lock) : uid_(uid), lock_(std::move(lock)) {}
  // The uid to run as, or nullopt when manimd is not root (then sandboxes run as our own
  // uid and RLIMIT_NPROC counts all of this user's processes).
  std::optional<uid_t> uid() const { return uid_; }

 private:
  std::optional<uid_t> uid_;
  core::UniqueFd lock_;  // flock held while the lease lives
};

class UidLeases {
 public:
  // Uids base .. base+count-1, locks under `run_dir`. Thread-safe.
  UidLeases(std::string run_dir, uid_t base, int count);

  // Claims a uid no process on this host holds, waiting up to `wait` for one to free up.
  // Whatever a dead holder (a killed manimd) left running under it is killed first, and
  // logged. Not root: a lease without a uid, at once. Unavailable when none freed up.
  core::Result<UidLease> Claim(std::chrono::milliseconds wait);

 private:
  std::optional<UidLease> TryClaim(uid_t uid);

  const std::string run_dir_;
  const uid_t base_;
  const int count_;
};

}  // namespace manimd::sandbox
