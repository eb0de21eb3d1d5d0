// Opening a path strictly inside a directory: no "..", no symlinks, no magic links, no
// other mount. For paths that came from outside (a sandbox, a URL).
#pragma once

#include <string>

namespace manimd::core {

// openat2(dir_fd, relative, O_RDONLY|O_CLOEXEC|O_NOFOLLOW|O_NONBLOCK, RESOLVE_BENEATH|
// NO_SYMLINKS|NO_MAGICLINKS|NO_XDEV). Never blocks (a FIFO opens at once): callers check
// the type with fstat. Returns the fd, or -1 with errno set.
int OpenBeneath(int dir_fd, const std::string& relative);

}  // namespace manimd::core
