// The process-wide settings, parsed once at start and passed by const reference. Every
// setting is one row of ConfigTable() (config_table.cc), the way Redis declares
// static_configs[]: loading, the --flags of every subcommand, --help and the tables in
// docs/configuration.md all come from those rows. Names match the seed worker's where it
// had them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/dotenv.h"
#include "core/status.h"

namespace manimd::core {

struct Config {
  // Render runtime and sandbox.
  std::string runtime_dir;         // MANIMD_RUNTIME_DIR; default compiled in
  std::string run_dir;             // MANIMD_RUN_DIR: uid locks; default /run/manimd
  std::string work_dir;            // MANIMD_WORK_DIR: job directories; default $TMPDIR
  int sandbox_uid_base = 200000;   // SANDBOX_UID_BASE: sandboxes run as base .. base+uids-1
  int sandbox_uids = 64;           // SANDBOX_UIDS: uids all manimd processes of a host share
  int max_concurrent_renders = 2;  // MAX_CONCURRENT_RENDERS; default: number of cores
  std::string cgroup_root = "/sys/fs/cgroup";  // MANIMD_CGROUP_ROOT: v1 mounts
  std::string cgroup_parent;                   // RENDER_CGROUP: group delegated; empty = none

  // Limits of one render (see docs/sandbox.md for how each is enforced).
  int render_timeout_s = 300;   // RENDER_TIMEOUT_S: wall clock, as the seed
  int render_cpu_s = 0;         // RENDER_CPU_S: CPU seconds per process; 0 = 2x timeout
  int render_memory_mb = 4096;  // RENDER_MEMORY_MB: address space per process
  int render_pids = 128;        // RENDER_PIDS: processes and threads of the sandbox
  int render_output_mb = 1024;  // RENDER_OUTPUT_MB: job directory total and any one file
  int render_count_s = 10;      // RENDER_COUNT_S: budget of the animation-counting pass
  std::size_t max_code_bytes = 256 * 1024;  // MAX_CODE_BYTES
  std::string compat_default = "0.19";      // COMPAT_DEFAULT: "0.19" or "none"
  std::string fork_server;         // FORK_SERVER: "on", "off", or "" (serve: on; render: off)
  int fork_server_max_jobs = 200;  // FORK_SERVER_MAX_JOBS: jobs per zygote before a fresh one
  std::string split = "auto";      // SPLIT: "auto", "on" or "off" (docs/split.md)
  int split_max_chunks = 4;        // SPLIT_MAX_CHUNKS: most chunks of one render
  int split_min_frames = 600;      // SPLIT_MIN_FRAMES: estimated frames below which: whole
  int split_min_height = 1080;     // SPLIT_MIN_HEIGHT: pixels below which auto is: whole

  // HTTP service (manimd serve).
  int port = 3001;                        // PORT, as the seed
  std::string host = "::";                // HOST: bind address; "::" is dual-stack
  std::string data_dir = "data";          // DATA_DIR: local storage and state
  std::string public_url;                 // PUBLIC_URL: base of returned urls; default Host
  std::vector<std::string> cors_origins;  // MOTION_HOST_ORIGIN, comma-separated; "*" = any
  int max_queue = 64;                     // MAX_QUEUE: renders waiting for a slot
  std::size_t max_body_bytes = 1 << 20;   // MAX_BODY_BYTES: request body limit
  int shutdown_grace_s = 60;              // SHUTDOWN_GRACE_S: running renders may finish
  bool log_json = false;                  // LOG_FORMAT=json (else text)
  int http_threads = 2;                   // HTTP_THREADS; default: number of cores
  std::int64_t job_ttl_s = 7 * 86400;     // JOB_TTL: finished jobs and videos kept this long
  int sse_heartbeat_s = 15;               // SSE_HEARTBEAT_S: comment on idle event streams
  int max_connections = 0;                // MAX_CONNECTIONS; 0 = sized from the fd limit
  int mcp_max_listens = 8;                // MCP_MAX_LISTENS: open listen streams per caller
  int write_timeout_s = 30;               // WRITE_TIMEOUT_S: a write making no progress
  bool playground = true;                 // PLAYGROUND: the page at / ("on" or "off")
  std::string metrics_token;              // METRICS_TOKEN: /metrics needs it as a Bearer token
  std::string auth = "auto";              // AUTH: "auto" (on once a key exists) or "required"
  std::string url_signing_key;            // URL_SIGNING_KEY: signs /files/ links; default random
  bool cache = true;                      // CACHE: identical renders answered from storage
  std::string cache_scope = "tenant";     // CACHE_SCOPE: "tenant" or "global"

  // Scale-out (docs/scaleout.md): jobs and their queue in Redis, rendered by workers.
  std::string redis_url;          // REDIS_URL: redis://[:password@]host[:port][/db]
  bool serve_renders = true;      // SERVE_RENDERS: a serve node renders from the queue too
  int worker_lease_s = 30;        // WORKER_LEASE_S: a job silent this long is taken over
  int worker_max_deliveries = 3;  // WORKER_MAX_DELIVERIES: then the job fails
  std::string worker_id;          // WORKER_ID: default host-pid
  bool data_dir_shared = false;   // DATA_DIR_SHARED: DATA_DIR is one file system for all

  // Webhooks (docs/webhooks.md).
  std::string webhook_secret;          // WEBHOOK_SECRET: whsec_<base64>; unset: none sent
  int webhook_max_attempts = 8;        // WEBHOOK_MAX_ATTEMPTS
  int webhook_retry_base_ms = 5000;    // WEBHOOK_RETRY_BASE_MS: the first retry's wait
  int webhook_timeout_ms = 10000;      // WEBHOOK_TIMEOUT_MS: one attempt
  int webhook_concurrency = 4;         // WEBHOOK_CONCURRENCY: attempts under way at once
  bool webhook_allow_private = false;  // WEBHOOK_ALLOW_PRIVATE: skip the address policy

  // Object storage, the seed's variables (S3 when s3_bucket is set).
  std::string s3_bucket;               // S3_BUCKET_NAME
  std::string s3_endpoint;             // S3_ENDPOINT: path-style addressing when set
  std::string aws_region;              // AWS_REGION
  std::string aws_access_key_id;       // AWS_ACCESS_KEY_ID
  std::string aws_secret_access_key;   // AWS_SECRET_ACCESS_KEY
  std::string aws_session_token;       // AWS_SESSION_TOKEN: temporary credentials
  int s3_multipart_threshold_mb = 16;  // S3_MULTIPART_THRESHOLD_MB: larger files go in parts
  int s3_part_size_mb = 8;             // S3_PART_SIZE_MB
  int s3_url_expires_s = 3600;         // S3_URL_EXPIRES_S: presigned URL lifetime
  int s3_max_attempts = 5;             // S3_MAX_ATTEMPTS: per request, transient failures
  std::string use_manim_docker;        // USE_MANIM_DOCKER: read only to say it is ignored

  int effective_cpu_s() const { return render_cpu_s > 0 ? render_cpu_s : 2 * render_timeout_s; }
  bool operator==(const Config&) const = default;
};

// One setting: where it is documented, what it means, and how a value is taken.
struct ConfigRow {
  const char* name;          // RENDER_TIMEOUT_S
  const char* section;       // the docs/configuration.md table it belongs to
  std::string default_text;  // as the docs show it: "300", "number of cores"
  std::string help;          // one line
  bool secret = false;       // never printed (credentials)
  // Applies a non-empty value; an error names the variable and the value.
  std::function<Status(Config&, const std::string&)> apply;
};

// Every setting, in documentation order.
const std::vector<ConfigRow>& ConfigTable();

// The command-line spelling of a variable: RENDER_TIMEOUT_S -> --render-timeout-s.
std::string FlagName(std::string_view var);

// Reads every setting from `env`: defaults (some from the machine: cores, TMPDIR, the uid),
// then each row whose variable is set and non-empty, then the checks that span several
// rows. An unknown variable is ignored; a bad value is an InvalidArgument whose message is
// one line naming the variable.
Result<Config> LoadConfig(const EnvMap& env);

// The tables of docs/configuration.md, section by section, as ConfigTable() has them.
std::string ConfigMarkdown();

}  // namespace manimd::core
