// The render sandbox as every subcommand builds it from the configuration: runtime check,
// stale job directories swept, slot pool, cold bubblewrap runner.
#pragma once

#include <memory>

#include "core/config.h"
#include "sandbox/bwrap_runner.h"
#include "sandbox/runtime_locator.h"
#include "sandbox/slot_pool.h"

namespace manimd::cli {

struct SandboxSetup {
  sandbox::RuntimeInfo runtime;
  std::unique_ptr<sandbox::SlotPool> slots;
  std::unique_ptr<sandbox::BwrapRunner> runner;  // uses *slots
};

// Errors: the runtime is missing or broken, or the seccomp program cannot be built; the
// message says what to do.
core::Result<SandboxSetup> SetUpSandbox(const core::Config& config);

}  // namespace manimd::cli
