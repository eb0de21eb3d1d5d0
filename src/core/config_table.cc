// The one table of settings: a row per variable with its default, range or parser, and
// meaning. docs/configuration.md is generated from it (`manimd config --markdown`) and a
// test keeps the two equal.
#include <charconv>
#include <initializer_list>

#include "core/build_info.h"
#include "core/config.h"

namespace manimd::core {
namespace {

constexpr const char* kSandbox = "Render runtime and sandbox";
constexpr const char* kHttp = "The HTTP service (`manimd serve`)";
constexpr const char* kStorage = "Object storage";
constexpr const char* kCluster = "Scale-out over Redis (`docs/scaleout.md`)";
constexpr const char* kWebhooks = "Webhooks (`docs/webhooks.md`)";

Status Bad(const char* name, const std::string& value, const std::string& expected) {
  return InvalidArgument(std::string(name) + " must be " + expected + " (got \"" + value + "\")");
}

template <typename T>
ConfigRow Int(const char* name, const char* section, T Config::*member, long long min,
              long long max, std::string default_text, std::string help) {
  auto apply = [=](Config& c, const std::string& text) {
    long long value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || ptr != text.data() + text.size() || value < min || value > max) {
      return Bad(name, text,
                 "an integer from " + std::to_string(min) + " to " + std::to_string(max));
    }
    c.*member = static_cast<T>(value);
    return Status::Ok();
  };
  return {name, section, std::move(default_text), std::move(help), false, apply};
}

ConfigRow Text(const char* name, const char* section, std::string Config::*member,
               std::string default_text, std::string help, bool secret = false) {
  auto apply = [=](Config& c, const std::string& text) {
    c.*member = text;
    return Status::Ok();
  };
  return {name, section, std::move(default_text), std::move(help), secret, apply};
}

// One of a few words, kept as the word.
ConfigRow Choice(const char* name, const char* section, std::string Config::*member,
                 std::initializer_list<const char*> words, std::string default_text,
                 std::string help) {
  std::vector<std::string> allowed(words.begin(), words.end());
  auto apply = [=](Config& c, const std::string& text) {
    for (const std::string& w : allowed) {
      if (text == w) {
        c.*member = text;
        return Status::Ok();
      }
    }
    std::string list;
    for (const std::string& w : allowed) list += (list.empty() ? "" : " or ") + w;
    return Bad(name, text, list);
  };
  return {name, section, std::move(default_text), std::move(help), false, apply};
}

ConfigRow OnOff(const char* name, const char* section, bool Config::*member,
                std::string default_text, std::string help) {
  auto apply = [=](Config& c, const std::string& text) {
    if (text != "on" && text != "off") return Bad(name, text, "on or off");
    c.*member = text == "on";
    return Status::Ok();
  };
  return {name, section, std::move(default_text), std::move(help), false, apply};
}

// true/false (on/off too): for settings whose documented spelling is true.
ConfigRow TrueFalse(const char* name, const char* section, bool Config::*member,
                    std::string default_text, std::string help) {
  auto apply = [=](Config& c, const std::string& text) {
    if (text != "true" && text != "false" && text != "on" && text != "off") {
      return Bad(name, text, "true or false");
    }
    c.*member = text == "true" || text == "on";
    return Status::Ok();
  };
  return {name, section, std::move(default_text), std::move(help), false, apply};
}

// A whole number with an optional unit s, m, h or d (seconds without one).
Status ParseDuration(const char* name, const std::string& text, std::int64_t* seconds) {
  constexpr std::pair<char, std::int64_t> kUnits[] = {
      {'s', 1}, {'m', 60}, {'h', 3600}, {'d', 86400}};
  std::string_view digits = text;
  std::int64_t unit = 1;
  for (const auto& [suffix, factor] : kUnits) {
    if (!text.empty() && text.back() == suffix) {
      unit = factor;
      digits.remove_suffix(1);
    }
  }
  std::int64_t value = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  constexpr std::int64_t kTenYears = 3650LL * 86400;
  if (digits.empty() || ec != std::errc() || ptr != digits.data() + digits.size() || value < 1 ||
      value > kTenYears / unit) {
    return Bad(name, text, "a duration like 90s, 30m, 24h or 7d");
  }
  *seconds = value * unit;
  return Status::Ok();
}

// MOTION_HOST_ORIGIN: the seed took one origin; a comma-separated list and "*" also work.
// An origin is scheme://host[:port] with nothing after it, as browsers send it.
Status ParseOrigins(const std::string& text, std::vector<std::string>* out) {
  out->clear();
  size_t start = 0;
  while (start < text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    std::string origin = text.substr(start, comma - start);
    start = comma + 1;
    origin.erase(0, origin.find_first_not_of(" \t"));
    origin.erase(origin.find_last_not_of(" \t") + 1);
    while (!origin.empty() && origin.back() == '/') origin.pop_back();
    if (origin.empty()) continue;
    size_t scheme = origin.find("://");
    bool valid = origin == "*" ||
                 (scheme != std::string::npos && scheme > 0 &&
                  origin.find('/', scheme + 3) == std::string::npos && scheme + 3 < origin.size());
    if (!valid) {
      return Bad("MOTION_HOST_ORIGIN", origin,
                 "origins like https://app.example.com, comma-separated, or *");
    }
    out->push_back(origin);
  }
  return Status::Ok();
}

// A row whose value is taken by `apply` (for settings that are not one plain member).
ConfigRow Custom(const char* name, const char* section, std::string default_text, std::string help,
                 std::function<Status(Config&, const std::string&)> apply) {
  return {name, section, std::move(default_text), std::move(help), false, std::move(apply)};
}

// An http(s) base URL, kept without trailing slashes.
ConfigRow Url(const char* name, const char* section, std::string Config::*member,
              std::string default_text, std::string help) {
  auto apply = [=](Config& c, const std::string& text) {
    std::string url = text;
    while (!url.empty() && url.back() == '/') url.pop_back();
    if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
      return Bad(name, text, "a URL starting with http:// or https://");
    }
    c.*member = url;
    return Status::Ok();
  };
  return {name, section, std::move(default_text), std::move(help), false, apply};
}

std::vector<ConfigRow> SandboxRows() {
  return {
      Text("MANIMD_RUNTIME_DIR", kSandbox, &Config::runtime_dir,
           "`/var/cache/manimd/runtime-<key>`",
           "the render runtime tree; the key is a hash of `runtime/packages.txt` compiled into "
           "the binary"),
      Text("MANIMD_WORK_DIR", kSandbox, &Config::work_dir, "`$TMPDIR` or `/tmp`",
           "job directories are made in `manimd-jobs/` under it (it must be searchable by the "
           "sandbox uids)"),
      Text("MANIMD_RUN_DIR", kSandbox, &Config::run_dir, "`/run/manimd` (root)",
           "the sandbox uid locks, shared by every manimd process of the host"),
      Int("SANDBOX_UID_BASE", kSandbox, &Config::sandbox_uid_base, 1000, 2000000000, "200000",
          "sandboxes run as uids `base` .. `base + SANDBOX_UIDS - 1`; a range that holds an "
          "existing user or group is refused at start"),
      Int("SANDBOX_UIDS", kSandbox, &Config::sandbox_uids, 1, 100000, "64",
          "how many uids the manimd processes of one host (servers, workers, CLI renders) "
          "share; each running sandbox and each idle fork server holds one, so none is ever "
          "killed or slowed by another process; at least `MAX_CONCURRENT_RENDERS`"),
      Int("MAX_CONCURRENT_RENDERS", kSandbox, &Config::max_concurrent_renders, 1, 256,
          "number of cores", "render slots of this process"),
      Int("RENDER_TIMEOUT_S", kSandbox, &Config::render_timeout_s, 1, 86400, "300",
          "wall clock per render (the seed's limit)"),
      Int("RENDER_CPU_S", kSandbox, &Config::render_cpu_s, 0, 172800, "2 x timeout",
          "CPU seconds per process"),
      Int("RENDER_MEMORY_MB", kSandbox, &Config::render_memory_mb, 256, 1 << 20, "4096",
          "address space per process, and the render's processes together"),
      Int("RENDER_PIDS", kSandbox, &Config::render_pids, 16, 100000, "128",
          "processes and threads per render"),
      Int("RENDER_OUTPUT_MB", kSandbox, &Config::render_output_mb, 1, 1 << 20, "1024",
          "job directory total, and any one file"),
      Text("RENDER_CGROUP", kSandbox, &Config::cgroup_parent, "(unset)",
           "a cgroup v1 group delegated to manimd; when set, each sandbox uid also gets memory "
           "and pids groups under it (see `docs/sandbox.md`)"),
      Text("MANIMD_CGROUP_ROOT", kSandbox, &Config::cgroup_root, "`/sys/fs/cgroup`",
           "where the v1 hierarchies are mounted"),
      Int("RENDER_COUNT_S", kSandbox, &Config::render_count_s, 0, 3600, "10",
          "time budget of the animation-counting child (0 turns it off: progress then shows "
          "no total)"),
      Int("MAX_CODE_BYTES", kSandbox, &Config::max_code_bytes, 1, 64LL << 20, "262144",
          "largest scene source accepted"),
      Choice("COMPAT_DEFAULT", kSandbox, &Config::compat_default, {"0.19", "none"}, "`0.19`",
             "how scene code is taken when a request does not say: `0.19` adapts manim "
             "0.19-era code (a warning per adaptation, `docs/compat.md`), `none` runs it on "
             "the runtime's manim unchanged (`manimd render --compat`)"),
      Choice("FORK_SERVER", kSandbox, &Config::fork_server, {"on", "off"},
             "on for `serve`, off for `render`",
             "render in children of a warm per-slot fork server that imported manim once "
             "(`docs/fork_server.md`)"),
      Int("FORK_SERVER_MAX_JOBS", kSandbox, &Config::fork_server_max_jobs, 1, 1000000, "200",
          "jobs per fork server process before it is replaced"),
      Choice("SPLIT", kSandbox, &Config::split, {"auto", "on", "off"}, "`auto`",
             "render a scene as chunks of consecutive animations on several free slots, "
             "joined without re-encoding (`docs/split.md`): `auto` when its estimated frames "
             "reach `SPLIT_MIN_FRAMES`, `on` whatever its length, `off` never; only scenes "
             "the dry run finds safe to cut, and a request's `\"split\": false` opts out"),
      Int("SPLIT_MAX_CHUNKS", kSandbox, &Config::split_max_chunks, 2, 64, "4",
          "most chunks one render is split into (fewer when fewer render slots are free)"),
      Int("SPLIT_MIN_FRAMES", kSandbox, &Config::split_min_frames, 0, 100000000, "600",
          "with `SPLIT=auto`: estimated frames (animation seconds x fps) below which a scene is "
          "rendered whole"),
      Int("SPLIT_MIN_HEIGHT", kSandbox, &Config::split_min_height, 0, 7680, "1080",
          "with `SPLIT=auto`: renders less tall than this (pixels) are rendered whole without "
          "a dry run, so small renders keep their latency; 0: any height"),
  };
}

std::vector<ConfigRow> HttpRows() {
  ConfigRow log_format =
      Custom("LOG_FORMAT", kHttp, "`text`",
             "`text` (readable; coloured on a terminal) or `json` (one object per line)",
             [](Config& c, const std::string& text) {
               if (text != "text" && text != "json") return Bad("LOG_FORMAT", text, "text or json");
               c.log_json = text == "json";
               return Status::Ok();
             });
  ConfigRow origins = Custom(
      "MOTION_HOST_ORIGIN", kHttp, "(unset)",
      "origins allowed to call the API from a browser (CORS), comma-separated, or `*`; unset: "
      "same-origin only, no CORS headers",
      [](Config& c, const std::string& text) { return ParseOrigins(text, &c.cors_origins); });
  ConfigRow ttl = Custom("JOB_TTL", kHttp, "`7d`",
                         "finished jobs and their videos are deleted this long after they "
                         "finished (`90s`, `30m`, `24h`, `7d`; a plain number is seconds)",
                         [](Config& c, const std::string& text) {
                           return ParseDuration("JOB_TTL", text, &c.job_ttl_s);
                         });
  return {
      Int("PORT", kHttp, &Config::port, 0, 65535, "3001",
          "HTTP port, as the seed (0 picks a free one; the `server.listening` log line names "
          "it)"),
      Text("HOST", kHttp, &Config::host, "`::`", "bind address; `::` accepts IPv4 and IPv6"),
      Text("DATA_DIR", kHttp, &Config::data_dir, "`./data`",
           "the job store `jobs.sqlite`, videos under `objects/` (served at `/files/<key>`), "
           "render staging under `staging/` (emptied at start)"),
      Url("PUBLIC_URL", kHttp, &Config::public_url, "(unset)",
          "base of the `url` in answers, e.g. `https://render.example.com`; unset: `http://` + "
          "the request's `Host` when it is a plain host name"),
      origins,
      Int("MAX_QUEUE", kHttp, &Config::max_queue, 0, 1000000, "64",
          "renders that may wait for a slot beyond the running ones; more get 503 with "
          "`Retry-After`"),
      Int("MAX_BODY_BYTES", kHttp, &Config::max_body_bytes, 1024, 1LL << 30, "1048576",
          "largest request body; larger gets 413"),
      Int("SHUTDOWN_GRACE_S", kHttp, &Config::shutdown_grace_s, 0, 86400, "60",
          "on SIGTERM/SIGINT, how long running renders may finish before they are stopped "
          "(asynchronous jobs stopped then run again at the next start)"),
      log_format,
      Int("HTTP_THREADS", kHttp, &Config::http_threads, 1, 256, "number of cores",
          "threads serving HTTP (renders have their own)"),
      ttl,
      Int("SSE_HEARTBEAT_S", kHttp, &Config::sse_heartbeat_s, 1, 3600, "15",
          "a comment on an idle event stream this often, so proxies keep it open"),
      Int("MAX_CONNECTIONS", kHttp, &Config::max_connections, 0, 1000000,
          "from the descriptor limit",
          "open client connections at most (manimd raises its soft `RLIMIT_NOFILE` to the hard "
          "one, then keeps 64 + 16 per render slot for itself); past it the oldest idle "
          "connection is closed for each new one, and a new one is closed when none is idle"),
      Int("MCP_MAX_LISTENS", kHttp, &Config::mcp_max_listens, 1, 10000, "8",
          "MCP `subscriptions/listen` streams one API key (or all anonymous callers together) "
          "may hold open at once; one more is refused with 429 (`docs/mcp.md`)"),
      Int("WRITE_TIMEOUT_S", kHttp, &Config::write_timeout_s, 1, 3600, "30",
          "a write of an answer, a download or an event stream that makes no progress this "
          "long ends the connection"),
      Choice("AUTH", kHttp, &Config::auth, {"auto", "required"}, "`auto`",
             "`auto`: API keys are needed once `manimd keys create` made one that is not "
             "revoked, before that anyone may call (as the seed); `required`: always "
             "(`docs/auth.md`)"),
      Text("URL_SIGNING_KEY", kHttp, &Config::url_signing_key, "(random per start)",
           "secret that signs the expiring `/files/` links given to API key holders (they "
           "live `S3_URL_EXPIRES_S`); set it so links survive a restart",
           true),
      OnOff("CACHE", kHttp, &Config::cache, "`on`",
            "answer a render identical to an earlier one with its stored video at once "
            "(`cached: true`); a body's `\"cache\": false` renders anyway; with `REDIS_URL` "
            "the entries are shared by the cluster (`docs/cache.md`)"),
      Choice("CACHE_SCOPE", kHttp, &Config::cache_scope, {"tenant", "global"}, "`tenant`",
             "`tenant`: an API key's renders answer only its own requests, so no tenant learns "
             "what another rendered; `global`: everyone shares"),
      OnOff("PLAYGROUND", kHttp, &Config::playground, "`on`",
            "`on` serves the playground page at `/` (an editor that renders through this API; "
            "`web/README.md`); `off` leaves the route out, so `/` answers 404"),
      Text("METRICS_TOKEN", kHttp, &Config::metrics_token, "(unset: open)",
           "when set, `GET /metrics` needs `Authorization: Bearer <token>` (401 otherwise; "
           "`docs/metrics.md`); never logged",
           true),
  };
}

std::vector<ConfigRow> ClusterRows() {
  ConfigRow url =
      Custom("REDIS_URL", kCluster, "(unset: one node, jobs in SQLite)",
             "keep jobs and their queue in this Redis (`redis://[:password@]host[:port][/db]`, AOF "
             "on, no eviction); then `manimd worker`s on any machine render them, any serve node "
             "answers for any job, and videos go to S3 (or a shared `DATA_DIR`)",
             [](Config& c, const std::string& text) {
               if (text.rfind("redis://", 0) != 0) {
                 return Bad("REDIS_URL", text,
                            "a redis://host[:port][/db] URL (no TLS: rediss:// "
                            "is not supported by Debian 12's hiredis)");
               }
               c.redis_url = text;
               return Status::Ok();
             });
  return {
      url,
      OnOff("SERVE_RENDERS", kCluster, &Config::serve_renders, "`on`",
            "with `REDIS_URL`, whether `manimd serve` also renders jobs from the queue (`off`: "
            "an API-only node)"),
      Int("WORKER_LEASE_S", kCluster, &Config::worker_lease_s, 3, 3600, "30",
          "a job whose worker has not been heard of this long (killed, machine lost) is taken "
          "over by another worker; workers refresh it every third of this while they render"),
      Int("WORKER_MAX_DELIVERIES", kCluster, &Config::worker_max_deliveries, 1, 100, "3",
          "a job handed out this many times, each time losing its worker, fails as `internal` "
          "instead of taking down more workers"),
      Text("WORKER_ID", kCluster, &Config::worker_id, "host name and pid",
           "this worker's name in the cluster (shown by `GET /ready`); unique per process"),
      OnOff("DATA_DIR_SHARED", kCluster, &Config::data_dir_shared, "`off`",
            "with `REDIS_URL` and no S3: `DATA_DIR` is one file system mounted at the same path "
            "on every node (NFS, CephFS), so local storage works across machines"),
  };
}

std::vector<ConfigRow> WebhookRows() {
  return {
      Text("WEBHOOK_SECRET", kWebhooks, &Config::webhook_secret,
           "(unset: only the jobs of keys with a webhook secret of their own get webhooks)",
           "the Standard Webhooks signing secret, `whsec_` and the base64 of 24 to 64 random "
           "bytes; every webhook is signed with it unless the job's API key has its own "
           "(`manimd keys create --webhook-secret`)",
           /*secret=*/true),
      Int("WEBHOOK_MAX_ATTEMPTS", kWebhooks, &Config::webhook_max_attempts, 1, 20, "8",
          "attempts per webhook before it is given up (retried on timeouts, connection errors, "
          "429 and 5xx)"),
      Int("WEBHOOK_RETRY_BASE_MS", kWebhooks, &Config::webhook_retry_base_ms, 10, 3600000, "5000",
          "the wait after the first failed attempt; each later wait is 5 times the one before "
          "(8 attempts span about 27 hours)"),
      Int("WEBHOOK_TIMEOUT_MS", kWebhooks, &Config::webhook_timeout_ms, 100, 60000, "10000",
          "one attempt, connecting included; longer counts as a timeout"),
      Int("WEBHOOK_CONCURRENCY", kWebhooks, &Config::webhook_concurrency, 1, 64, "4",
          "webhook attempts a process has under way at once, so that a slow receiver holds "
          "back at most this many senders, not every other webhook"),
      TrueFalse("WEBHOOK_ALLOW_PRIVATE", kWebhooks, &Config::webhook_allow_private, "`false`",
                "send webhooks to loopback, private, link-local, CGNAT and metadata addresses "
                "too (tests, private networks); refused by default"),
  };
}

std::vector<ConfigRow> StorageRows() {
  return {
      Text("S3_BUCKET_NAME", kStorage, &Config::s3_bucket, "(unset)",
           "store videos in this S3 bucket instead of `DATA_DIR/objects` (the seed's rule); "
           "needs the two keys below, and `AWS_REGION` unless `S3_ENDPOINT` is set"),
      Text("AWS_REGION", kStorage, &Config::aws_region, "(unset; `us-east-1` with an endpoint)",
           "the bucket's region"),
      Text("AWS_ACCESS_KEY_ID", kStorage, &Config::aws_access_key_id, "(unset)",
           "S3 credentials (never logged)", true),
      Text("AWS_SECRET_ACCESS_KEY", kStorage, &Config::aws_secret_access_key, "(unset)",
           "S3 credentials (never logged)", true),
      Text("AWS_SESSION_TOKEN", kStorage, &Config::aws_session_token, "(unset)",
           "for temporary credentials", true),
      Url("S3_ENDPOINT", kStorage, &Config::s3_endpoint, "(unset: AWS)",
          "an S3-compatible server, e.g. `http://127.0.0.1:9000`; path-style addressing "
          "(`endpoint/bucket/key`), as the seed; unset: AWS with virtual-hosted addressing "
          "(`https://bucket.s3.region.amazonaws.com/key`)"),
      Int("S3_MULTIPART_THRESHOLD_MB", kStorage, &Config::s3_multipart_threshold_mb, 5, 5 << 20,
          "16", "files this size or larger are uploaded in parts, streamed from disk"),
      Int("S3_PART_SIZE_MB", kStorage, &Config::s3_part_size_mb, 5, 5 << 10, "8",
          "part size (S3's minimum is 5; raised automatically to stay within 10,000 parts)"),
      Int("S3_URL_EXPIRES_S", kStorage, &Config::s3_url_expires_s, 1, 604800, "3600",
          "lifetime of the presigned GET URL returned as `url` (and of signed `/files/` links when "
          "API keys are in use)"),
      Int("S3_MAX_ATTEMPTS", kStorage, &Config::s3_max_attempts, 1, 20, "5",
          "tries per S3 request on transient failures (no answer, 5xx, 429, SlowDown, "
          "RequestTimeout), with exponential backoff and full jitter"),
      Text("USE_MANIM_DOCKER", kStorage, &Config::use_manim_docker, "(unset)",
           "the seed's Docker switch; accepted and ignored (logged): manimd always renders in "
           "its own sandbox"),
  };
}

}  // namespace

const std::vector<ConfigRow>& ConfigTable() {
  static const std::vector<ConfigRow> kTable = [] {
    std::vector<ConfigRow> rows;
    for (auto part : {SandboxRows(), HttpRows(), StorageRows(), ClusterRows(), WebhookRows()}) {
      for (ConfigRow& row : part) rows.push_back(std::move(row));
    }
    return rows;
  }();
  return kTable;
}

}  // namespace manimd::core
