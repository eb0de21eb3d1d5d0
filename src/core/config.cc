// Loading the configuration: machine-dependent defaults, the table's rows, then the checks
// that span several settings.
#include "core/config.h"

#include <unistd.h>

#include <thread>

#include "core/build_info.h"

namespace manimd::core {
namespace {

std::string Get(const EnvMap& env, const char* name) {
  auto it = env.find(name);
  return it == env.end() ? std::string() : it->second;
}

// Defaults that depend on the machine or on variables outside the table (TMPDIR).
void SetMachineDefaults(const EnvMap& env, Config* c) {
  unsigned cores = std::thread::hardware_concurrency();
  c->max_concurrent_renders = cores > 0 ? static_cast<int>(cores) : 1;
  c->http_threads = c->max_concurrent_renders;
  c->runtime_dir = kDefaultRuntimeDir;
  std::string tmp = Get(env, "TMPDIR").empty() ? "/tmp" : Get(env, "TMPDIR");
  c->work_dir = tmp;
  // Uid locks must be shared by every manimd on the machine: one well-known place for root
  // (which runs sandboxes under their own uids), a per-user one otherwise.
  c->run_dir = geteuid() == 0 ? std::string("/run/manimd")
                              : tmp + "/manimd-run-" + std::to_string(geteuid());
}

Status CheckTogether(const Config& c) {
  if (!c.cgroup_parent.empty() &&
      (c.cgroup_parent.find("..") != std::string::npos || c.cgroup_parent.front() == '/')) {
    return InvalidArgument(
        "RENDER_CGROUP must be a group name under each controller, like \"manimd\" (got \"" +
        c.cgroup_parent + "\")");
  }
  if (c.sandbox_uids < c.max_concurrent_renders) {
    return InvalidArgument("SANDBOX_UIDS (" + std::to_string(c.sandbox_uids) +
                           ") must be at least MAX_CONCURRENT_RENDERS (" +
                           std::to_string(c.max_concurrent_renders) + ")");
  }
  if (!c.redis_url.empty() && c.s3_bucket.empty() && !c.data_dir_shared) {
    return InvalidArgument(
        "REDIS_URL needs S3_BUCKET_NAME, where workers on any machine store videos every "
        "node can serve; or set DATA_DIR_SHARED=on if DATA_DIR is one file system shared by "
        "every node at the same path");
  }
  if (c.s3_bucket.empty()) return Status::Ok();
  if (c.aws_access_key_id.empty() != c.aws_secret_access_key.empty()) {
    return InvalidArgument(
        std::string(c.aws_access_key_id.empty() ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY") +
        " is empty but its pair is set; S3 needs both");
  }
  if (c.aws_access_key_id.empty()) {
    return InvalidArgument(
        "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set when S3_BUCKET_NAME is");
  }
  if (c.s3_endpoint.empty() && c.aws_region.empty()) {
    return InvalidArgument(
        "AWS_REGION must be set for an AWS bucket (S3_BUCKET_NAME without S3_ENDPOINT)");
  }
  return Status::Ok();
}

// Markdown table cells must not break the table.
std::string Cell(const std::string& text) {
  std::string out;
  for (char ch : text) out += ch == '|' ? std::string("\\|") : std::string(1, ch);
  return out;
}

}  // namespace

std::string FlagName(std::string_view var) {
  std::string flag = "--";
  for (char c : var) flag += c == '_' ? '-' : static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return flag;
}

Result<Config> LoadConfig(const EnvMap& env) {
  Config c;
  SetMachineDefaults(env, &c);
  for (const ConfigRow& row : ConfigTable()) {
    std::string value = Get(env, row.name);
    if (value.empty()) continue;
    if (Status s = row.apply(c, value); !s.ok()) return s;
  }
  if (Status s = CheckTogether(c); !s.ok()) return s;
  return c;
}

std::string ConfigMarkdown() {
  std::string out;
  const char* section = nullptr;
  for (const ConfigRow& row : ConfigTable()) {
    if (section == nullptr || std::string_view(section) != row.section) {
      section = row.section;
      out += std::string(out.empty() ? "" : "\n") + "### " + section +
             "\n\n| variable | default | meaning |\n|---|---|---|\n";
    }
    out += "| `" + std::string(row.name) + "` | " + Cell(row.default_text) + " | " +
           Cell(row.help) + " |\n";
  }
  return out;
}

}  // namespace manimd::core
