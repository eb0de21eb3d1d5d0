// openat2 is the kernel's own answer to "open this path without being tricked"; glibc 2.36
// has no wrapper, so it is called through syscall().
#include "core/open_beneath.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace manimd::core {

int OpenBeneath(int dir_fd, const std::string& relative) {
  open_how how{};
  // O_NONBLOCK: a FIFO planted where a file was expected must not block the open (its
  // type is checked on the fd afterwards); regular files ignore the flag.
  how.flags = O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV;
  return static_cast<int>(syscall(SYS_openat2, dir_fd, relative.c_str(), &how, sizeof how));
}

}  // namespace manimd::core
