// Storage for serve (and, later, worker) processes.
#include "cli/storage_setup.h"

#include "core/log.h"

namespace manimd::cli {
namespace {

namespace fs = std::filesystem;

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

// A fresh, empty directory: whatever a previous run left there is removed.
core::Status ResetDir(const fs::path& dir) {
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(dir, ec);
  if (ec) return core::Internal("cannot create " + dir.string() + ": " + ec.message());
  return core::Status::Ok();
}

}  // namespace

std::string VideoStorage::Describe() const { return s3 ? "s3://" + s3->bucket() : local->root(); }

core::Result<VideoStorage> OpenVideoStorage(const core::Config& c) {
  VideoStorage out;
  core::Result<std::unique_ptr<storage::LocalStorage>> local =
      storage::LocalStorage::Open((fs::path(c.data_dir) / "objects").string());
  if (!local.ok()) return local.status();
  out.local = std::move(*local);
  out.videos = out.local.get();
  out.data_dir = fs::path(out.local->root()).parent_path();
  out.staging = out.data_dir / "staging";
  out.unstored = out.data_dir / "unstored";
  // Leftovers of a killed server are dropped at start.
  if (core::Status s = ResetDir(out.staging); !s.ok()) return s;
  if (!c.s3_bucket.empty()) {
    out.s3 = std::make_unique<storage::S3Storage>(S3OptionsFrom(c));
    out.videos = out.s3.get();
    if (core::Status s = out.s3->Check(); !s.ok()) {
      core::LogEvent(core::LogLevel::kError, "storage.unavailable", {{"error", s.message()}});
    }
  }
  return out;
}

}  // namespace manimd::cli
