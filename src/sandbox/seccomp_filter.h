// The sandbox's seccomp-bpf filter: default allow, EPERM for system calls a render never
// needs and that widen the kernel's attack surface (io_uring, keyrings, bpf, ptrace,
// mounts, module loading, fallocate, ...), clone() only without namespace flags, clone3()
// ENOSYS. Other architectures' system calls (i386, x32) kill.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"

namespace manimd::sandbox {

// The denied system calls by name (those unknown on this architecture are skipped).
const std::vector<std::string>& DeniedSyscalls();

// The compiled BPF program, as bwrap --seccomp reads it from an fd. Internal on failure.
// `for_zygote`: the fork server's variant, which also allows unshare, mount and umount2 so
// its children can build their own namespaces; they then apply the strict program.
core::Result<std::string> BuildSeccompProgram(bool for_zygote = false);

}  // namespace manimd::sandbox
