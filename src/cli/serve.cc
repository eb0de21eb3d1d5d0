// `manimd serve`: the HTTP API with in-process render workers, on embedded defaults
// (local storage and a SQLite job store under DATA_DIR). SIGTERM/SIGINT stop it
// gracefully: no new requests, running renders get SHUTDOWN_GRACE_S to finish, queued
// jobs wait in the store for the next start, then exit 0.
#include <signal.h>
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/json/serialize.hpp>
#include <filesystem>
#include <iostream>
#include <thread>

#include "api/api.h"
#include "api/job_json.h"
#include "api/key_check.h"
#include "cli/cache_setup.h"
#include "cli/commands.h"
#include "cli/environment.h"
#include "cli/job_backend.h"
#include "cli/key_setup.h"
#include "cli/sandbox_setup.h"
#include "cli/storage_setup.h"
#include "cli/webhook_setup.h"
#include "core/clock.h"
#include "core/log.h"
#include "http/server.h"
#include "jobs/job_pruner.h"
#include "mcp/listen_registry.h"
#include "metrics/metered_storage.h"
#include "metrics/metrics.h"

namespace manimd::cli {
namespace {

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

http::ServerOptions ServerOptionsFrom(const core::Config& c) {
  http::ServerOptions options;
  options.host = c.host;
  options.port = c.port;
  options.threads = c.http_threads;
  options.max_body_bytes = c.max_body_bytes;
  options.cors_origins = c.cors_origins;
  options.write_timeout = std::chrono::seconds(c.write_timeout_s);
  options.max_connections =
      c.max_connections > 0 ? c.max_connections : ConnectionsForFdLimit(c.max_concurrent_renders);
  return options;
}

// The parts of a running server, built in order and torn down in reverse.
class ServeApp {
 public:
  explicit ServeApp(const core::Config& config) : c_(config) {}
  // The webhook thread writes into the job store: it stops before the store goes.
  ~ServeApp() {
    if (webhooks_) webhooks_->Stop();
  }

  // Everything up to listening. Returns the exit code to end with, or kExitOk to run.
  int Start();
  // Serves until a stop signal has been handled; then the exit code.
  int Run();

 private:
  int Fail(const std::string& message, int code) {
    std::cerr << "manimd serve: " << message << "\n";
    return code;
  }
  core::Status OpenAuth();
  core::Status OpenCache();
  void WireApi();
  void OnStopSignal(int sig);
  void LogListening(int recovered) const;

  const core::Config& c_;
  core::SystemClock clock_;
  metrics::Metrics metrics_;  // first in, last out: everything below records into it
  std::unique_ptr<metrics::MeteredStorage> metered_storage_;
  std::optional<SandboxSetup> sandbox_;
  std::optional<VideoStorage> storage_;
  std::unique_ptr<WebhookSetup> webhooks_;  // null when none can be sent; outlives jobs_
  std::unique_ptr<JobBackend> jobs_;
  std::unique_ptr<jobs::JobPruner> pruner_;
  // Validations block a thread while their sandbox runs; they get their own.
  std::unique_ptr<boost::asio::thread_pool> validate_pool_;
  std::unique_ptr<api::Validations> validations_;
  // MCP subscriptions/listen streams: bounded per caller, ended gracefully at a stop.
  std::unique_ptr<mcp::ListenRegistry> listens_;
  std::optional<KeySetup> keys_;
  std::unique_ptr<auth::UrlSigner> url_signer_;
  CacheSetup cache_;
  api::ApiDeps deps_;
  http::Router router_;
  std::unique_ptr<http::Server> server_;
  std::unique_ptr<boost::asio::signal_set> signals_;
  std::thread stopper_;
};

int ServeApp::Start() {
  core::Result<SandboxSetup> sandbox = SetUpSandbox(c_, /*fork_server_default=*/true, &metrics_);
  if (!sandbox.ok()) {
    bool config_error = sandbox.status().code() == core::Code::kInvalidArgument;
    return Fail(sandbox.status().message(), config_error ? kExitUsage : kExitInternal);
  }
  sandbox_.emplace(std::move(*sandbox));
  core::Result<VideoStorage> storage = OpenVideoStorage(c_);
  if (!storage.ok()) return Fail(storage.status().message(), kExitInternal);
  storage_.emplace(std::move(*storage));
  metered_storage_ = std::make_unique<metrics::MeteredStorage>(storage_->videos, &metrics_);
  storage_->videos = metered_storage_.get();  // every user of the videos' storage is counted
  bool renders = c_.redis_url.empty() || c_.serve_renders;
  core::Result<std::unique_ptr<WebhookSetup>> hooks = WebhookSetup::Open(
      c_, JobDatabasePath(*storage_), &clock_, WebhookBody(c_, sandbox_->runtime.manim_version));
  if (!hooks.ok()) {
    bool config_error = hooks.status().code() == core::Code::kInvalidArgument;
    return Fail(hooks.status().message(), config_error ? kExitUsage : kExitInternal);
  }
  webhooks_ = std::move(*hooks);
  core::Result<std::unique_ptr<JobBackend>> jobs =
      OpenJobBackend(c_, *storage_, sandbox_->runner, &clock_, renders, &metrics_,
                     webhooks_ ? webhooks_->listener() : nullptr, sandbox_->split.get());
  if (!jobs.ok()) return Fail(jobs.status().message(), kExitInternal);
  jobs_ = std::move(*jobs);
  if (webhooks_) webhooks_->Start(jobs_->store());
  if (core::Status s = OpenCache(); !s.ok()) return Fail(s.message(), kExitInternal);
  core::Result<int> recovered = jobs_->Start();
  if (!recovered.ok()) return Fail(recovered.status().message(), kExitInternal);
  pruner_ = std::make_unique<jobs::JobPruner>(jobs_->store(), storage_->videos, &clock_,
                                              c_.job_ttl_s * 1000);
  if (cache_.cache) {
    pruner_->SetKeepObject(
        [this](const jobs::Job& job) { return cache_.cache->ObjectStillUsed(job); });
  }
  pruner_->Start(std::chrono::minutes(10));
  if (core::Status s = OpenAuth(); !s.ok()) {
    jobs_->Shutdown(std::chrono::milliseconds(0));
    return Fail(s.message(), kExitInternal);
  }
  WireApi();
  http::ServerOptions options = ServerOptionsFrom(c_);
  options.on_request = [this](const http::RequestRecord& r) {
    metrics_.ObserveRequest(r.method, r.route, r.status, r.seconds);
  };
  server_ = std::make_unique<http::Server>(std::move(options), router_);
  if (core::Status s = server_->Listen(); !s.ok()) {
    jobs_->Shutdown(std::chrono::milliseconds(0));
    return Fail(s.message(), kExitUsage);
  }
  signals_ = std::make_unique<boost::asio::signal_set>(server_->io(), SIGINT, SIGTERM);
  signals_->async_wait([this](const boost::system::error_code& ec, int sig) {
    if (!ec) OnStopSignal(sig);
  });
  LogListening(*recovered);
  return kExitOk;
}

// The cache's entries live beside the jobs: in SQLite, or in the cluster's Redis.
core::Status ServeApp::OpenCache() {
  core::Result<CacheSetup> cache =
      OpenResultCache(c_, jobs_.get(), storage_->videos, sandbox_->runtime, &clock_);
  if (!cache.ok()) return cache.status();
  cache_ = std::move(*cache);
  return core::Status::Ok();
}

// API keys live where `manimd keys` writes them: Redis with REDIS_URL, else the job
// database under DATA_DIR.
core::Status ServeApp::OpenAuth() {
  auto keys = OpenKeySetup(c_, JobDatabasePath(*storage_), /*server=*/true, &clock_);
  if (!keys.ok()) return keys.status();
  keys_.emplace(std::move(*keys));
  std::string secret = c_.url_signing_key.empty() ? auth::RandomSecret() : c_.url_signing_key;
  if (secret.empty()) return core::Internal("no randomness for the URL signing key");
  url_signer_ = std::make_unique<auth::UrlSigner>(secret, c_.s3_url_expires_s, &clock_);
  return core::Status::Ok();
}

void ServeApp::WireApi() {
  validate_pool_ = std::make_unique<boost::asio::thread_pool>(
      static_cast<std::size_t>(c_.max_concurrent_renders));
  validations_ = std::make_unique<api::Validations>(c_.max_concurrent_renders + c_.max_queue);
  deps_.config = &c_;
  deps_.jobs = jobs_->service();
  deps_.workers = [this] { return jobs_->Workers(); };
  deps_.storage = storage_->videos;
  deps_.local_files = storage_->s3 ? nullptr : storage_->local.get();
  deps_.manim_version = sandbox_->runtime.manim_version;
  deps_.runner = sandbox_->runner;
  deps_.blocking = validate_pool_.get();
  deps_.validations = validations_.get();
  listens_ = std::make_unique<mcp::ListenRegistry>(c_.mcp_max_listens);
  deps_.listens = listens_.get();
  std::string runtime_dir = sandbox_->runtime.dir;
  deps_.runtime_check = [runtime_dir] { return sandbox::CheckRuntime(runtime_dir).status(); };
  deps_.metrics = &metrics_;
  deps_.render_slots = c_.redis_url.empty() || c_.serve_renders ? c_.max_concurrent_renders : 0;
  deps_.authorize = api::KeyCheck(keys_->keys.get(), c_.auth == "required");
  deps_.rate_limiter = keys_->rate_limiter.get();
  deps_.url_signer = url_signer_.get();
  deps_.cache = cache_.cache.get();
  api::AddRoutes(deps_, &router_);
}

void ServeApp::OnStopSignal(int sig) {
  core::LogEvent(core::LogLevel::kInfo, "server.stopping",
                 {{"signal", std::string(strsignal(sig))},
                  {"running", static_cast<std::int64_t>(jobs_->service()->running())},
                  {"queued", static_cast<std::int64_t>(jobs_->service()->queued())},
                  {"grace_s", static_cast<std::int64_t>(c_.shutdown_grace_s)}});
  server_->StopAccepting();
  stopper_ = std::thread([this] {
    validations_->CancelAll();  // a dry run is quick to redo; nothing is lost
    listens_->CloseAll();       // each answers its closing result, then its stream ends
    jobs_->Shutdown(std::chrono::seconds(c_.shutdown_grace_s));
    // The answers to finished renders still have to be written.
    server_->StopWhenIdle(std::chrono::steady_clock::now() + std::chrono::seconds(5));
  });
}

void ServeApp::LogListening(int recovered) const {
  if (!c_.use_manim_docker.empty()) {
    core::LogEvent(core::LogLevel::kInfo, "config.ignored",
                   {{"variable", std::string("USE_MANIM_DOCKER")},
                    {"reason", std::string("manimd always renders in its own sandbox")}});
  }
  core::LogEvent(core::LogLevel::kInfo, "server.listening",
                 {{"host", c_.host},
                  {"port", static_cast<std::int64_t>(server_->port())},
                  {"storage", storage_->Describe()},
                  {"jobs", jobs_->Describe()},
                  {"manim", sandbox_->runtime.manim_version},
                  {"renders", static_cast<std::int64_t>(c_.max_concurrent_renders)},
                  {"recovered_jobs", static_cast<std::int64_t>(recovered)},
                  {"max_queue", static_cast<std::int64_t>(c_.max_queue)},
                  {"max_connections", static_cast<std::int64_t>(server_->max_connections())}});
  core::FlushLog();  // scripts and tests wait for this line
}

int ServeApp::Run() {
  server_->Run();
  if (stopper_.joinable()) stopper_.join();
  pruner_->Stop();
  core::LogEvent(core::LogLevel::kInfo, "server.stopped");
  core::FlushLog();
  return kExitOk;
}

int RunServe(const core::EnvMap& flags) {
  core::Result<core::Config> config = LoadProcessConfig(flags);
  if (!config.ok()) {
    std::cerr << "manimd serve: " << config.status().message() << "\n";
    return kExitUsage;
  }
  core::InitLogging(config->log_json);
  signal(SIGPIPE, SIG_IGN);
  ServeApp app(*config);
  if (int code = app.Start(); code != kExitOk) return code;
  return app.Run();
}

}  // namespace

void AddServeCommand(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<core::EnvMap>();
  CLI::App* cmd = app.add_subcommand("serve", "serve the HTTP API (renders in the sandbox)");
  AddConfigFlags(cmd, flags.get());
  cmd->callback([flags, exit_code] { *exit_code = RunServe(*flags); });
}

}  // namespace manimd::cli
