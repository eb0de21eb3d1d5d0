// Shared by `manimd render` and `manimd serve`.
#include "cli/sandbox_setup.h"

#include "sandbox/job_dir.h"

namespace manimd::cli {

core::Result<SandboxSetup> SetUpSandbox(const core::Config& config) {
  SandboxSetup setup;
  core::Result<sandbox::RuntimeInfo> runtime = sandbox::CheckRuntime(config.runtime_dir);
  if (!runtime.ok()) return runtime.status();
  setup.runtime = *runtime;
  sandbox::SweepStaleJobDirs(config.work_dir);  // what a killed manimd left behind
  setup.slots = std::make_unique<sandbox::SlotPool>(config.run_dir, config.sandbox_uid_base,
                                                    config.max_concurrent_renders);
  sandbox::BwrapRunnerOptions options;
  options.runtime_dir = runtime->dir;
  options.work_dir = config.work_dir;
  options.limits = sandbox::Limits::FromConfig(config);
  options.cgroup = {config.cgroup_root, config.cgroup_parent};
  core::Result<std::unique_ptr<sandbox::BwrapRunner>> runner =
      sandbox::BwrapRunner::Create(options, setup.slots.get());
  if (!runner.ok()) return runner.status();
  setup.runner = std::move(*runner);
  return setup;
}

}  // namespace manimd::cli
