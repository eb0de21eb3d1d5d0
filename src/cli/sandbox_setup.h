// The render sandbox as every subcommand builds it from the configuration: runtime check,
// stale job directories swept, slot pool, cold bubblewrap runner.
#pragma once

#include <memory>

#include "core/config.h"
#include "jobs/split_render.h"
#include "sandbox/bwrap_runner.h"
#include "sandbox/chunk_joiner.h"
#include "sandbox/fork_server.h"
#include "sandbox/runtime_locator.h"
#include "sandbox/slot_pool.h"
#include "sandbox/uid_lease.h"

namespace manimd::cli {

struct SandboxSetup {
  sandbox::RuntimeInfo runtime;
  std::unique_ptr<sandbox::SlotPool> slots;         // this process's render slots
  std::unique_ptr<sandbox::UidLeases> uids;         // the host's sandbox uids
  std::unique_ptr<sandbox::BwrapRunner> cold;       // uses *slots and *uids
  std::unique_ptr<sandbox::ForkServerRunner> warm;  // uses *slots and *cold; may be null
  sandbox::Runner* runner = nullptr;                // warm if there is one, else cold
  std::unique_ptr<sandbox::SandboxJoiner> joiner;   // uses *uids; unless SPLIT=off
  std::unique_ptr<jobs::SplitRenderer> split;       // unless SPLIT=off: renders through *runner
};

// The fork server is used when `fork_server_default` (serve) or FORK_SERVER=on, and not
// with FORK_SERVER=off. Errors: InvalidArgument for a configuration that cannot work
// (sandbox uids that belong to existing accounts); others when the runtime is missing or
// broken, or the seccomp program cannot be built; the message says what to do.
// `metrics` (may be null) counts the fork server's starts, fallbacks and recycles.
core::Result<SandboxSetup> SetUpSandbox(const core::Config& config, bool fork_server_default,
                                        metrics::Metrics* metrics = nullptr);

}  // namespace manimd::cli
