// The host uids sandboxes run as must belong to nobody else: manimd kills every process
// of a sandbox uid when a render ends, and RLIMIT_NPROC counts a real user's processes too.
#pragma once

#include <sys/types.h>

#include "core/status.h"

namespace manimd::sandbox {

// InvalidArgument naming the first account (user or group) whose id lies in
// [base, base + count), else Ok. Reads the account databases (NSS); call at start.
core::Status CheckUidRangeUnused(uid_t base, int count);

}  // namespace manimd::sandbox
