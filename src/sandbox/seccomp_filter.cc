// seccomp program built with libseccomp (Debian's libseccomp-dev), which resolves
// syscall numbers per architecture and handles the foreign-ABI checks for us.
#include "sandbox/seccomp_filter.h"

#include <errno.h>
#include <sched.h>
#include <seccomp.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>

#include "core/unique_fd.h"

namespace manimd::sandbox {

const std::vector<std::string>& DeniedSyscalls() {
  static const std::vector<std::string> kDenied = {
      // Kernel interfaces with a history of exploits that no render uses.
      "io_uring_setup",
      "io_uring_enter",
      "io_uring_register",
      "bpf",
      "userfaultfd",
      "perf_event_open",
      "keyctl",
      "add_key",
      "request_key",
      // Looking into or steering other processes.
      "ptrace",
      "process_vm_readv",
      "process_vm_writev",
      "kcmp",
      "pidfd_getfd",
      // Namespaces and mounts (no capabilities anyway; fail early and plainly).
      "unshare",
      "setns",
      "mount",
      "umount2",
      "pivot_root",
      "chroot",
      "move_mount",
      "open_tree",
      "fsopen",
      "fsconfig",
      "fsmount",
      "fspick",
      "mount_setattr",
      "open_by_handle_at",
      "name_to_handle_at",
      // The machine itself.
      "reboot",
      "kexec_load",
      "kexec_file_load",
      "init_module",
      "finit_module",
      "delete_module",
      "swapon",
      "swapoff",
      "acct",
      "syslog",
      "settimeofday",
      "clock_settime",
      "clock_adjtime",
      "adjtimex",
      "quotactl",
      "iopl",
      "ioperm",
      "personality",
      "uselib",
      "vhangup",
      "lookup_dcookie",
      "fanotify_init",
      // Space on the host's disk in one call, faster than the watch loop samples the job
      // directory (8 GB in 24 ms). EPERM, not EOPNOTSUPP, so glibc does not emulate it by
      // writing; renders never preallocate.
      "fallocate",
  };
  return kDenied;
}

namespace {

// New namespaces by clone() are what unshare() is denied for: a user namespace gives back
// every capability inside it (nf_tables, AF_PACKET: the usual privilege escalations).
// clone() passes its flags in the first argument, so it is refused when any namespace
// flag is set; clone3() passes them in memory seccomp cannot read, so it fails with
// ENOSYS and glibc falls back to clone() (Docker's default profile does the same).
int AddNamespaceRules(scmp_filter_ctx ctx) {
  constexpr std::uint64_t kNamespaceFlags[] = {CLONE_NEWNS,  CLONE_NEWCGROUP, CLONE_NEWUTS,
                                               CLONE_NEWIPC, CLONE_NEWUSER,   CLONE_NEWPID,
                                               CLONE_NEWNET};
  for (std::uint64_t flag : kNamespaceFlags) {
    int rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(clone), 1,
                              SCMP_A0(SCMP_CMP_MASKED_EQ, flag, flag));
    if (rc != 0) return rc;
  }
  return seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
}

}  // namespace

core::Result<std::string> BuildSeccompProgram(bool for_zygote) {
  scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
  if (ctx == nullptr) return core::Internal("seccomp_init failed");
  if (AddNamespaceRules(ctx) != 0) {
    seccomp_release(ctx);
    return core::Internal("seccomp rules for clone failed");
  }
  for (const std::string& name : DeniedSyscalls()) {
    if (for_zygote && (name == "unshare" || name == "mount" || name == "umount2")) continue;
    int nr = seccomp_syscall_resolve_name(name.c_str());
    if (nr == __NR_SCMP_ERROR) continue;  // not a system call on this architecture
    if (seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), nr, 0) != 0) {
      seccomp_release(ctx);
      return core::Internal("seccomp rule for " + name + " failed");
    }
  }
  core::UniqueFd fd(memfd_create("manimd_seccomp", MFD_CLOEXEC));
  int rc = fd.valid() ? seccomp_export_bpf(ctx, fd.get()) : -EBADF;
  seccomp_release(ctx);
  if (rc != 0) return core::Internal("exporting the seccomp program failed");
  std::string program(static_cast<size_t>(lseek(fd.get(), 0, SEEK_END)), '\0');
  if (pread(fd.get(), program.data(), program.size(), 0) != static_cast<ssize_t>(program.size())) {
    return core::Internal("reading the seccomp program back failed");
  }
  return program;
}

}  // namespace manimd::sandbox
