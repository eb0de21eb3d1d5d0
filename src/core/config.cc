// Config parsing: every variable, its default and its valid range in one table.
#include "core/config.h"

#include <unistd.h>

#include <charconv>
#include <functional>
#include <thread>

#include "core/build_info.h"

namespace manimd::core {
namespace {

// Parses env[name] into *out if present; the range check names the variable.
Status ReadInt(const EnvMap& env, const char* name, long long min, long long max, auto* out) {
  auto it = env.find(name);
  if (it == env.end() || it->second.empty()) return Status::Ok();
  const std::string& text = it->second;
  long long value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value < min || value > max) {
    return InvalidArgument(std::string(name) + " must be an integer from " + std::to_string(min) +
                           " to " + std::to_string(max) + " (got \"" + text + "\")");
  }
  *out = static_cast<std::remove_reference_t<decltype(*out)>>(value);
  return Status::Ok();
}

std::string ReadString(const EnvMap& env, const char* name, const std::string& fallback) {
  auto it = env.find(name);
  return it == env.end() || it->second.empty() ? fallback : it->second;
}

// A duration: a whole number with an optional unit s, m, h or d (seconds without one).
Status ReadDuration(const EnvMap& env, const char* name, std::int64_t* seconds) {
  std::string text = ReadString(env, name, "");
  if (text.empty()) return Status::Ok();
  constexpr std::pair<char, std::int64_t> kUnits[] = {
      {'s', 1}, {'m', 60}, {'h', 3600}, {'d', 86400}};
  std::string_view digits = text;
  std::int64_t unit = 1;
  for (const auto& [suffix, factor] : kUnits) {
    if (text.back() == suffix) {
      unit = factor;
      digits.remove_suffix(1);
    }
  }
  std::int64_t value = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  constexpr std::int64_t kTenYears = 3650LL * 86400;
  if (digits.empty() || ec != std::errc() || ptr != digits.data() + digits.size() || value < 1 ||
      value > kTenYears / unit) {
    return InvalidArgument(std::string(name) +
                           " must be a duration like 90s, 30m, 24h or 7d (got \"" + text + "\")");
  }
  *seconds = value * unit;
  return Status::Ok();
}

// MOTION_HOST_ORIGIN: the seed took one origin; a comma-separated list and "*" also work.
// An origin is scheme://host[:port] with nothing after it, as browsers send it.
Status ReadOrigins(const EnvMap& env, std::vector<std::string>* out) {
  std::string text = ReadString(env, "MOTION_HOST_ORIGIN", "");
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
      return InvalidArgument(
          "MOTION_HOST_ORIGIN must be origins like https://app.example.com, "
          "comma-separated, or * (got \"" +
          origin + "\")");
    }
    out->push_back(origin);
  }
  return Status::Ok();
}

}  // namespace

const std::vector<ConfigVar>& ConfigVars() {
  static const std::vector<ConfigVar> kVars = {
      {"MANIMD_RUNTIME_DIR", "render runtime tree (default: compiled-in cache path)"},
      {"MANIMD_WORK_DIR", "where job directories are made (default: $TMPDIR or /tmp)"},
      {"MANIMD_RUN_DIR", "slot lock files (default: /run/manimd as root)"},
      {"SANDBOX_UID_BASE", "slot i runs as uid base+i (default 200000)"},
      {"MAX_CONCURRENT_RENDERS", "render slots (default: number of cores)"},
      {"RENDER_TIMEOUT_S", "wall-clock limit per render, seconds (default 300)"},
      {"RENDER_CPU_S", "CPU seconds per process (default: twice the timeout)"},
      {"RENDER_MEMORY_MB", "memory per process and for all together (default 4096)"},
      {"RENDER_PIDS", "processes and threads per render (default 128)"},
      {"RENDER_OUTPUT_MB", "job directory total and any one file (default 1024)"},
      {"RENDER_COUNT_S", "animation-counting budget, seconds; 0 = off (default 10)"},
      {"RENDER_CGROUP", "cgroup v1 group delegated to manimd (default: none)"},
      {"MANIMD_CGROUP_ROOT", "where the cgroup v1 hierarchies are (default /sys/fs/cgroup)"},
      {"MAX_CODE_BYTES", "largest scene source accepted (default 262144)"},
      {"COMPAT_DEFAULT",
       "0.19 (adapt manim 0.19-era code, with a warning per adaptation) or none (default 0.19)"},
      {"FORK_SERVER",
       "on or off: render in children of a warm fork server (default: on for "
       "serve, off for render)"},
      {"FORK_SERVER_MAX_JOBS", "jobs per fork server process before a fresh one (default 200)"},
      {"PORT", "HTTP port (default 3001)"},
      {"HOST", "HTTP bind address (default ::, all IPv4 and IPv6 addresses)"},
      {"DATA_DIR", "local storage for videos and state (default ./data)"},
      {"PUBLIC_URL", "base URL of returned links (default: from the request's Host)"},
      {"MOTION_HOST_ORIGIN", "CORS allowed origins, comma-separated, or * (default: none)"},
      {"MAX_QUEUE", "renders that may wait for a slot; more get 503 (default 64)"},
      {"MAX_BODY_BYTES", "largest request body (default 1048576)"},
      {"SHUTDOWN_GRACE_S", "on SIGTERM, how long running renders may finish (default 60)"},
      {"LOG_FORMAT", "text or json (default text)"},
      {"HTTP_THREADS", "threads serving HTTP (default: number of cores)"},
      {"JOB_TTL", "keep finished jobs and their videos this long: 90s, 30m, 24h, 7d (default 7d)"},
      {"SSE_HEARTBEAT_S", "keep-alive comment interval on event streams (default 15)"},
      {"MAX_CONNECTIONS",
       "open client connections at most; more are closed at once (default: from the fd "
       "limit, leaving room for renders)"},
      {"WRITE_TIMEOUT_S",
       "a response or event stream write that makes no progress this long ends the "
       "connection (default 30)"},
      {"PLAYGROUND", "on or off: serve the playground page at / (default on)"},
      {"S3_BUCKET_NAME", "store videos in this S3 bucket (default: local disk)"},
      {"S3_ENDPOINT", "S3-compatible endpoint URL, path-style (default: AWS)"},
      {"AWS_REGION", "the bucket's region"},
      {"AWS_ACCESS_KEY_ID", "S3 credentials"},
      {"AWS_SECRET_ACCESS_KEY", "S3 credentials"},
      {"AWS_SESSION_TOKEN", "S3 credentials: session token of temporary ones"},
      {"S3_MULTIPART_THRESHOLD_MB", "files this large or larger upload in parts (default 16)"},
      {"S3_PART_SIZE_MB", "multipart part size, 5 or more (default 8)"},
      {"S3_URL_EXPIRES_S", "lifetime of presigned download URLs (default 3600)"},
      {"S3_MAX_ATTEMPTS", "tries per S3 request on transient failures (default 5)"},
      {"USE_MANIM_DOCKER", "the seed's Docker switch; ignored (manimd always sandboxes)"},
  };
  return kVars;
}

std::string FlagName(std::string_view var) {
  std::string flag = "--";
  for (char c : var) flag += c == '_' ? '-' : static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return flag;
}

Result<Config> LoadConfig(const EnvMap& env) {
  Config c;
  unsigned cores = std::thread::hardware_concurrency();
  c.max_concurrent_renders = cores > 0 ? static_cast<int>(cores) : 1;
  c.runtime_dir = ReadString(env, "MANIMD_RUNTIME_DIR", kDefaultRuntimeDir);
  c.cgroup_root = ReadString(env, "MANIMD_CGROUP_ROOT", "/sys/fs/cgroup");
  c.cgroup_parent = ReadString(env, "RENDER_CGROUP", "");
  if (!c.cgroup_parent.empty() &&
      (c.cgroup_parent.find("..") != std::string::npos || c.cgroup_parent.front() == '/')) {
    return InvalidArgument(
        "RENDER_CGROUP must be a group name under each controller, like "
        "\"manimd\" (got \"" +
        c.cgroup_parent + "\")");
  }
  std::string tmp = ReadString(env, "TMPDIR", "/tmp");
  c.work_dir = ReadString(env, "MANIMD_WORK_DIR", tmp);
  // Slot locks must be shared by every manimd on the machine: one well-known place for
  // root (which runs sandboxes under slot uids), a per-user one otherwise.
  c.run_dir = ReadString(env, "MANIMD_RUN_DIR",
                         geteuid() == 0 ? std::string("/run/manimd")
                                        : tmp + "/manimd-run-" + std::to_string(geteuid()));

  c.compat_default = ReadString(env, "COMPAT_DEFAULT", c.compat_default);
  if (c.compat_default != "0.19" && c.compat_default != "none") {
    return InvalidArgument("COMPAT_DEFAULT must be 0.19 or none (got \"" + c.compat_default +
                           "\")");
  }
  c.fork_server = ReadString(env, "FORK_SERVER", "");
  if (!c.fork_server.empty() && c.fork_server != "on" && c.fork_server != "off") {
    return InvalidArgument("FORK_SERVER must be on or off (got \"" + c.fork_server + "\")");
  }
  std::string playground = ReadString(env, "PLAYGROUND", "on");
  if (playground != "on" && playground != "off") {
    return InvalidArgument("PLAYGROUND must be on or off (got \"" + playground + "\")");
  }
  c.playground = playground == "on";
  c.host = ReadString(env, "HOST", c.host);
  c.data_dir = ReadString(env, "DATA_DIR", c.data_dir);
  c.public_url = ReadString(env, "PUBLIC_URL", "");
  while (!c.public_url.empty() && c.public_url.back() == '/') c.public_url.pop_back();
  if (!c.public_url.empty() && c.public_url.rfind("http://", 0) != 0 &&
      c.public_url.rfind("https://", 0) != 0) {
    return InvalidArgument("PUBLIC_URL must start with http:// or https:// (got \"" + c.public_url +
                           "\")");
  }
  if (Status s = ReadOrigins(env, &c.cors_origins); !s.ok()) return s;
  std::string log_format = ReadString(env, "LOG_FORMAT", "text");
  if (log_format != "text" && log_format != "json") {
    return InvalidArgument("LOG_FORMAT must be text or json (got \"" + log_format + "\")");
  }
  c.log_json = log_format == "json";
  c.http_threads = c.max_concurrent_renders;  // the core count, before MAX_CONCURRENT_RENDERS
  c.s3_bucket = ReadString(env, "S3_BUCKET_NAME", "");
  c.s3_endpoint = ReadString(env, "S3_ENDPOINT", "");
  c.aws_region = ReadString(env, "AWS_REGION", "");
  c.aws_access_key_id = ReadString(env, "AWS_ACCESS_KEY_ID", "");
  c.aws_secret_access_key = ReadString(env, "AWS_SECRET_ACCESS_KEY", "");
  c.use_manim_docker = ReadString(env, "USE_MANIM_DOCKER", "");
  c.aws_session_token = ReadString(env, "AWS_SESSION_TOKEN", "");
  if (!c.s3_bucket.empty() && (c.aws_access_key_id.empty() != c.aws_secret_access_key.empty())) {
    return InvalidArgument(
        std::string(c.aws_access_key_id.empty() ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY") +
        " is empty but its pair is set; S3 needs both");
  }
  if (!c.s3_bucket.empty() && c.aws_access_key_id.empty()) {
    return InvalidArgument(
        "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set when S3_BUCKET_NAME is");
  }
  if (!c.s3_bucket.empty() && c.s3_endpoint.empty() && c.aws_region.empty()) {
    return InvalidArgument(
        "AWS_REGION must be set for an AWS bucket (S3_BUCKET_NAME without "
        "S3_ENDPOINT)");
  }
  if (!c.s3_endpoint.empty() && c.s3_endpoint.rfind("http://", 0) != 0 &&
      c.s3_endpoint.rfind("https://", 0) != 0) {
    return InvalidArgument("S3_ENDPOINT must start with http:// or https:// (got \"" +
                           c.s3_endpoint + "\")");
  }

  const std::function<Status()> steps[] = {
      [&] { return ReadInt(env, "SANDBOX_UID_BASE", 1000, 2000000000, &c.sandbox_uid_base); },
      [&] { return ReadInt(env, "MAX_CONCURRENT_RENDERS", 1, 256, &c.max_concurrent_renders); },
      [&] { return ReadInt(env, "RENDER_TIMEOUT_S", 1, 86400, &c.render_timeout_s); },
      [&] { return ReadInt(env, "RENDER_CPU_S", 0, 172800, &c.render_cpu_s); },
      [&] { return ReadInt(env, "RENDER_MEMORY_MB", 256, 1 << 20, &c.render_memory_mb); },
      [&] { return ReadInt(env, "RENDER_PIDS", 16, 100000, &c.render_pids); },
      [&] { return ReadInt(env, "RENDER_OUTPUT_MB", 1, 1 << 20, &c.render_output_mb); },
      [&] { return ReadInt(env, "RENDER_COUNT_S", 0, 3600, &c.render_count_s); },
      [&] { return ReadInt(env, "MAX_CODE_BYTES", 1, 64LL << 20, &c.max_code_bytes); },
      [&] { return ReadInt(env, "PORT", 0, 65535, &c.port); },
      [&] { return ReadInt(env, "FORK_SERVER_MAX_JOBS", 1, 1000000, &c.fork_server_max_jobs); },
      [&] { return ReadInt(env, "MAX_QUEUE", 0, 1000000, &c.max_queue); },
      [&] { return ReadInt(env, "MAX_BODY_BYTES", 1024, 1LL << 30, &c.max_body_bytes); },
      [&] { return ReadInt(env, "SHUTDOWN_GRACE_S", 0, 86400, &c.shutdown_grace_s); },
      [&] { return ReadInt(env, "HTTP_THREADS", 1, 256, &c.http_threads); },
      [&] { return ReadInt(env, "SSE_HEARTBEAT_S", 1, 3600, &c.sse_heartbeat_s); },
      [&] { return ReadInt(env, "MAX_CONNECTIONS", 0, 1000000, &c.max_connections); },
      [&] { return ReadInt(env, "WRITE_TIMEOUT_S", 1, 3600, &c.write_timeout_s); },
      [&] {
        return ReadInt(env, "S3_MULTIPART_THRESHOLD_MB", 5, 5 << 20, &c.s3_multipart_threshold_mb);
      },
      [&] { return ReadInt(env, "S3_PART_SIZE_MB", 5, 5 << 10, &c.s3_part_size_mb); },
      [&] { return ReadInt(env, "S3_URL_EXPIRES_S", 1, 604800, &c.s3_url_expires_s); },
      [&] { return ReadInt(env, "S3_MAX_ATTEMPTS", 1, 20, &c.s3_max_attempts); },
      [&] { return ReadDuration(env, "JOB_TTL", &c.job_ttl_s); },
  };
  for (const auto& step : steps) {
    if (Status s = step(); !s.ok()) return s;
  }
  return c;
}

}  // namespace manimd::core
