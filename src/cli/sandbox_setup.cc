// Shared by `manimd render` and `manimd serve`.
#include "cli/sandbox_setup.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/log.h"
#include "sandbox/job_dir.h"
#include "sandbox/uid_memory.h"
#include "sandbox/uid_range.h"

namespace manimd::cli {

core::Result<SandboxSetup> SetUpSandbox(const core::Config& config, bool fork_server_default,
                                        metrics::Metrics* metrics) {
  SandboxSetup setup;
  core::Result<sandbox::RuntimeInfo> runtime = sandbox::CheckRuntime(config.runtime_dir);
  if (!runtime.ok()) return runtime.status();
  setup.runtime = *runtime;
  if (geteuid() == 0) {  // only root runs sandboxes under sandbox uids
    core::Status free_uids =
        sandbox::CheckUidRangeUnused(config.sandbox_uid_base, config.sandbox_uids);
    if (!free_uids.ok()) return free_uids;
    if (!sandbox::CanSampleOtherUids()) {
      core::LogEvent(core::LogLevel::kWarn, "sandbox.memory_sampling_unavailable",
                     {{"reason", std::string("no CAP_SYS_PTRACE: the memory of a render's "
                                             "processes together cannot be read; only "
                                             "RENDER_MEMORY_MB per process holds (in a "
                                             "container, add --cap-add SYS_PTRACE)")}});
    }
  }
  // Job directories live in their own directory under MANIMD_WORK_DIR, so that the fork
  // server, which binds their parent, sees nothing else of the host's (often /tmp).
  std::string jobs_dir = config.work_dir + "/manimd-jobs";
  if (mkdir(jobs_dir.c_str(), 0711) != 0 && errno != EEXIST) {
    return core::Internal("creating " + jobs_dir + ": " + std::strerror(errno));
  }
  chmod(jobs_dir.c_str(), 0711);         // sandbox uids may pass through, not list
  sandbox::SweepStaleJobDirs(jobs_dir);  // what a killed manimd left behind
  setup.slots = std::make_unique<sandbox::SlotPool>(config.max_concurrent_renders);
  setup.uids = std::make_unique<sandbox::UidLeases>(config.run_dir, config.sandbox_uid_base,
                                                    config.sandbox_uids);
  sandbox::BwrapRunnerOptions options;
  options.runtime_dir = runtime->dir;
  options.work_dir = jobs_dir;
  options.limits = sandbox::Limits::FromConfig(config);
  options.cgroup = {config.cgroup_root, config.cgroup_parent};
  core::Result<std::unique_ptr<sandbox::BwrapRunner>> runner =
      sandbox::BwrapRunner::Create(options, setup.slots.get(), setup.uids.get());
  if (!runner.ok()) return runner.status();
  setup.cold = std::move(*runner);
  setup.runner = setup.cold.get();
  bool warm = config.fork_server.empty() ? fork_server_default : config.fork_server == "on";
  if (warm) {
    core::Result<std::unique_ptr<sandbox::ForkServerRunner>> fork =
        sandbox::ForkServerRunner::Create({options, config.fork_server_max_jobs, metrics},
                                          setup.slots.get(), setup.uids.get(), setup.cold.get());
    if (!fork.ok()) return fork.status();
    setup.warm = std::move(*fork);
    setup.runner = setup.warm.get();
  }
  if (config.split != "off") {
    core::Result<std::unique_ptr<sandbox::SandboxJoiner>> joiner =
        sandbox::SandboxJoiner::Create(options, setup.uids.get());
    if (!joiner.ok()) return joiner.status();
    setup.joiner = std::move(*joiner);
    sandbox::SlotPool* slots = setup.slots.get();
    setup.split = std::make_unique<jobs::SplitRenderer>(
        setup.runner, setup.joiner.get(), [slots] { return slots->Free(); },
        render::SplitPolicy{
            true, config.split_max_chunks,
            config.split == "on" ? 0 : config.split_min_frames,  // on: whatever the length
            static_cast<std::int64_t>(config.effective_cpu_s()) * 1000,
            config.split == "on" ? 0 : config.split_min_height});
  }
  return setup;
}

}  // namespace manimd::cli
