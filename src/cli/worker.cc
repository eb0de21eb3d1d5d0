// `manimd worker`: renders jobs from a cluster's Redis stream (REDIS_URL), with its own
// MAX_CONCURRENT_RENDERS slots and fork servers, storing videos where every API node can
// serve them (S3, or a shared DATA_DIR). No HTTP. SIGTERM/SIGINT: no new jobs; running
// renders get SHUTDOWN_GRACE_S, then stop and are taken over by another worker.
#include <signal.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/cache_setup.h"
#include "cli/commands.h"
#include "cli/environment.h"
#include "cli/job_backend.h"
#include "cli/sandbox_setup.h"
#include "cli/storage_setup.h"
#include "cli/webhook_setup.h"
#include "core/clock.h"
#include "core/log.h"

namespace manimd::cli {
namespace {

int Fail(const std::string& message, int code) {
  std::cerr << "manimd worker: " << message << "\n";
  return code;
}

// Blocks until SIGTERM or SIGINT; the name of the one that came.
std::string WaitForStopSignal() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  int sig = 0;
  sigwait(&set, &sig);
  return strsignal(sig);
}

int RunWorker(const core::EnvMap& flags) {
  // Signals are blocked before any thread starts, so that only sigwait takes them.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);
  signal(SIGPIPE, SIG_IGN);
  core::Result<core::Config> config = LoadProcessConfig(flags);
  if (!config.ok()) return Fail(config.status().message(), kExitUsage);
  const core::Config& c = *config;
  if (c.redis_url.empty()) {
    return Fail("REDIS_URL must be set: a worker renders jobs from a cluster's Redis", kExitUsage);
  }
  core::InitLogging(c.log_json);
  core::Result<SandboxSetup> sandbox = SetUpSandbox(c, /*fork_server_default=*/true);
  if (!sandbox.ok()) {
    bool config_error = sandbox.status().code() == core::Code::kInvalidArgument;
    return Fail(sandbox.status().message(), config_error ? kExitUsage : kExitInternal);
  }
  core::Result<VideoStorage> storage = OpenVideoStorage(c);
  if (!storage.ok()) return Fail(storage.status().message(), kExitInternal);
  core::SystemClock clock;
  // Webhooks of the jobs that end here, sent by this worker or any other process of the
  // cluster (docs/webhooks.md); they outlive the backend, whose renders tell them.
  core::Result<std::unique_ptr<WebhookSetup>> hooks =
      WebhookSetup::Open(c, "", &clock, WebhookBody(c, sandbox->runtime.manim_version));
  if (!hooks.ok()) {
    bool config_error = hooks.status().code() == core::Code::kInvalidArgument;
    return Fail(hooks.status().message(), config_error ? kExitUsage : kExitInternal);
  }
  core::Result<std::unique_ptr<JobBackend>> jobs =
      OpenJobBackend(c, *storage, sandbox->runner, &clock, /*renders=*/true, /*metrics=*/nullptr,
                     *hooks ? (*hooks)->listener() : nullptr, sandbox->split.get());
  if (!jobs.ok()) return Fail(jobs.status().message(), kExitInternal);
  // A worker finds a job's twin finished while it waited, and renders each key once.
  core::Result<CacheSetup> cache =
      OpenResultCache(c, jobs->get(), storage->videos, sandbox->runtime, &clock);
  if (!cache.ok()) return Fail(cache.status().message(), kExitInternal);
  if (core::Result<int> started = (*jobs)->Start(); !started.ok()) {
    return Fail(started.status().message(), kExitInternal);
  }
  if (*hooks) (*hooks)->Start((*jobs)->store());
  core::LogEvent(core::LogLevel::kInfo, "worker.started",
                 {{"jobs", (*jobs)->Describe()},
                  {"storage", storage->Describe()},
                  {"manim", sandbox->runtime.manim_version},
                  {"renders", static_cast<std::int64_t>(c.max_concurrent_renders)}});
  core::FlushLog();  // scripts and tests wait for this line
  std::string sig = WaitForStopSignal();
  core::LogEvent(core::LogLevel::kInfo, "worker.stopping",
                 {{"signal", sig}, {"grace_s", static_cast<std::int64_t>(c.shutdown_grace_s)}});
  (*jobs)->Shutdown(std::chrono::seconds(c.shutdown_grace_s));
  if (*hooks) (*hooks)->Stop();  // before the job store it writes into goes
  core::LogEvent(core::LogLevel::kInfo, "worker.stopped");
  core::FlushLog();
  return kExitOk;
}

}  // namespace

void AddWorkerCommand(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<core::EnvMap>();
  CLI::App* cmd =
      app.add_subcommand("worker", "render jobs from a cluster's Redis queue (REDIS_URL); no HTTP");
  AddConfigFlags(cmd, flags.get());
  cmd->callback([flags, exit_code] { *exit_code = RunWorker(*flags); });
}

}  // namespace manimd::cli
