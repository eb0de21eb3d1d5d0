// `manimd serve`: the HTTP API with in-process render workers, on embedded defaults
// (local storage and a SQLite job store under DATA_DIR). SIGTERM/SIGINT stop it
// gracefully: no new requests, running renders get SHUTDOWN_GRACE_S to finish, queued
// jobs wait in the store for the next start, then exit 0.
#include <signal.h>
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <boost/asio/signal_set.hpp>
#include <filesystem>
#include <iostream>
#include <thread>

#include "api/api.h"
#include "cli/commands.h"
#include "cli/environment.h"
#include "cli/sandbox_setup.h"
#include "core/clock.h"
#include "core/log.h"
#include "http/server.h"
#include "jobs/job_pruner.h"
#include "jobs/render_pipeline.h"
#include "jobs/sqlite_job_store.h"
#include "storage/local_storage.h"
#include "storage/s3_storage.h"

namespace manimd::cli {
namespace {

namespace fs = std::filesystem;

int StartFailed(const std::string& message, int code) {
  std::cerr << "manimd serve: " << message << "\n";
  return code;
}

storage::S3StorageOptions S3OptionsFrom(const core::Config& c) {
  storage::S3StorageOptions o;
  o.s3.bucket = c.s3_bucket;
  o.s3.endpoint = c.s3_endpoint;
  o.s3.region = c.aws_region.empty() ? "us-east-1" : c.aws_region;
  o.s3.credentials = {c.aws_access_key_id, c.aws_secret_access_key, c.aws_session_token};
  o.s3.max_attempts = c.s3_max_attempts;
  o.multipart_threshold = static_cast<std::uint64_t>(c.s3_multipart_threshold_mb) << 20;
  o.part_size = static_cast<std::uint64_t>(c.s3_part_size_mb) << 20;
  o.url_expires_s = c.s3_url_expires_s;
  return o;
}

// Raises the soft descriptor limit to the hard one (the usual 1024 soft limit is a
// select() relic), then leaves room for the renders (pipes, job dirs, sockets to S3) and
// the server's own files below it. Sandboxes get their own RLIMIT_NOFILE.
int ConnectionsForFdLimit(int renders) {
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
    getrlimit(RLIMIT_NOFILE, &rl);
  }
  constexpr rlim_t kCap = 100000;
  rlim_t limit = rl.rlim_cur == RLIM_INFINITY ? kCap : std::min(rl.rlim_cur, kCap);
  rlim_t reserved = 64 + 16 * static_cast<rlim_t>(renders);
  return static_cast<int>(limit > reserved + 16 ? limit - reserved : 16);
}

// A fresh, empty directory: whatever a previous run left there is removed.
core::Status ResetDir(const fs::path& dir) {
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(dir, ec);
  if (ec) return core::Internal("cannot create " + dir.string() + ": " + ec.message());
  return core::Status::Ok();
}

int RunServe(const core::EnvMap& flags) {
  core::Result<core::Config> config = LoadProcessConfig(flags);
  if (!config.ok()) return StartFailed(config.status().message(), kExitUsage);
  const core::Config& c = *config;
  core::InitLogging(c.log_json);
  signal(SIGPIPE, SIG_IGN);

  core::Result<SandboxSetup> sandbox = SetUpSandbox(c, /*fork_server_default=*/true);
  if (!sandbox.ok()) {
    bool config_error = sandbox.status().code() == core::Code::kInvalidArgument;
    return StartFailed(sandbox.status().message(), config_error ? kExitUsage : kExitInternal);
  }
  core::Result<std::unique_ptr<storage::LocalStorage>> local =
      storage::LocalStorage::Open((fs::path(c.data_dir) / "objects").string());
  if (!local.ok()) return StartFailed(local.status().message(), kExitInternal);
  fs::path data = fs::path((*local)->root()).parent_path();
  // Renders write here first; leftovers of a killed server are dropped at start.
  fs::path staging = data / "staging";
  if (core::Status s = ResetDir(staging); !s.ok()) return StartFailed(s.message(), kExitInternal);
  // Storage is S3 when a bucket is named (the seed's rule), else the local directory.
  std::unique_ptr<storage::S3Storage> s3;
  storage::Storage* store_videos = local->get();
  if (!c.s3_bucket.empty()) {
    s3 = std::make_unique<storage::S3Storage>(S3OptionsFrom(c));
    store_videos = s3.get();
    if (core::Status s = s3->Check(); !s.ok()) {
      // Started anyway (S3 may come back); /ready says the same until it does.
      core::LogEvent(core::LogLevel::kError, "storage.unavailable", {{"error", s.message()}});
    }
  }

  // Jobs survive restarts in one SQLite file; the only state besides the videos.
  std::string db_path = (data / "jobs.sqlite").string();
  core::Result<std::unique_ptr<jobs::SqliteJobStore>> store = jobs::SqliteJobStore::Open(db_path);
  if (!store.ok()) return StartFailed(store.status().message(), kExitInternal);

  core::SystemClock clock;
  jobs::RenderPipeline pipeline(sandbox->runner, store_videos, staging.string(),
                                (data / "unstored").string(), &clock);
  jobs::JobQueue queue({c.max_concurrent_renders, c.max_queue}, &pipeline, store->get(), &clock);
  core::Result<int> recovered = queue.Recover();
  if (!recovered.ok()) return StartFailed(recovered.status().message(), kExitInternal);
  jobs::JobPruner pruner(store->get(), store_videos, &clock, c.job_ttl_s * 1000);
  pruner.Start(std::chrono::minutes(10));
  api::ApiDeps deps;
  deps.config = &c;
  deps.queue = &queue;
  deps.storage = store_videos;
  deps.local_files = s3 ? nullptr : local->get();
  deps.manim_version = sandbox->runtime.manim_version;
  // Validations block a thread while their sandbox runs; they get their own.
  boost::asio::thread_pool validate_pool(static_cast<std::size_t>(c.max_concurrent_renders));
  api::Validations validations(c.max_concurrent_renders + c.max_queue);
  deps.runner = sandbox->runner;
  deps.blocking = &validate_pool;
  deps.validations = &validations;
  std::string runtime_dir = sandbox->runtime.dir;
  deps.runtime_check = [runtime_dir] { return sandbox::CheckRuntime(runtime_dir).status(); };
  http::Router router;
  api::AddRoutes(deps, &router);

  http::ServerOptions options;
  options.host = c.host;
  options.port = c.port;
  options.threads = c.http_threads;
  options.max_body_bytes = c.max_body_bytes;
  options.cors_origins = c.cors_origins;
  options.write_timeout = std::chrono::seconds(c.write_timeout_s);
  options.max_connections =
      c.max_connections > 0 ? c.max_connections : ConnectionsForFdLimit(c.max_concurrent_renders);
  http::Server server(options, router);
  if (core::Status s = server.Listen(); !s.ok()) {
    queue.Shutdown(std::chrono::milliseconds(0));
    return StartFailed(s.message(), kExitUsage);
  }

  std::thread stopper;
  boost::asio::signal_set signals(server.io(), SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int sig) {
    if (ec) return;
    core::LogEvent(core::LogLevel::kInfo, "server.stopping",
                   {{"signal", std::string(strsignal(sig))},
                    {"running", static_cast<std::int64_t>(queue.running())},
                    {"queued", static_cast<std::int64_t>(queue.queued())},
                    {"grace_s", static_cast<std::int64_t>(c.shutdown_grace_s)}});
    server.StopAccepting();
    stopper = std::thread([&] {
      validations.CancelAll();  // a dry run is quick to redo; nothing is lost
      queue.Shutdown(std::chrono::seconds(c.shutdown_grace_s));
      // The answers to finished renders still have to be written.
      server.StopWhenIdle(std::chrono::steady_clock::now() + std::chrono::seconds(5));
    });
  });

  if (!c.use_manim_docker.empty()) {
    core::LogEvent(core::LogLevel::kInfo, "config.ignored",
                   {{"variable", std::string("USE_MANIM_DOCKER")},
                    {"reason", std::string("manimd always renders in its own sandbox")}});
  }
  core::LogEvent(core::LogLevel::kInfo, "server.listening",
                 {{"host", c.host},
                  {"port", static_cast<std::int64_t>(server.port())},
                  {"storage", s3 ? "s3://" + c.s3_bucket : (*local)->root()},
                  {"manim", sandbox->runtime.manim_version},
                  {"renders", static_cast<std::int64_t>(c.max_concurrent_renders)},
                  {"recovered_jobs", static_cast<std::int64_t>(*recovered)},
                  {"max_queue", static_cast<std::int64_t>(c.max_queue)},
                  {"max_connections", static_cast<std::int64_t>(options.max_connections)}});
  core::FlushLog();  // scripts and tests wait for this line
  server.Run();
  if (stopper.joinable()) stopper.join();
  pruner.Stop();
  core::LogEvent(core::LogLevel::kInfo, "server.stopped");
  core::FlushLog();
  return kExitOk;
}

}  // namespace

void AddServeCommand(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<core::EnvMap>();
  CLI::App* cmd = app.add_subcommand("serve", "serve the HTTP API (renders in the sandbox)");
  AddConfigFlags(cmd, flags.get());
  cmd->callback([flags, exit_code] { *exit_code = RunServe(*flags); });
}

}  // namespace manimd::cli
