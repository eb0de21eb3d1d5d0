// Shared by `manimd render` and `manimd serve`.
#include "cli/sandbox_setup.h"

#include "sandbox/job_dir.h"

namespace manimd::cli {

core::Result<SandboxSetup> SetUpSandbox(const core::Config& config, bool fork_server_default) {
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
  setup.cold = std::move(*runner);
  setup.runner = setup.cold.get();
  bool warm = config.fork_server.empty() ? fork_server_default : config.fork_server == "on";
  if (warm) {
    core::Result<std::unique_ptr<sandbox::ForkServerRunner>> fork =
        sandbox::ForkServerRunner::Create({options, config.fork_server_max_jobs}, setup.slots.get(),
                                          setup.cold.get());
    if (!fork.ok()) return fork.status();
    setup.warm = std::move(*fork);
    setup.runner = setup.warm.get();
  }
  return setup;
}

}  // namespace manimd::cli
