// Where a serving process keeps its videos and state, as the configuration says: local
// disk under DATA_DIR, or S3 when S3_BUCKET_NAME is set (the seed's rule), plus the
// directories renders stage in. Shared by every subcommand that stores renders.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "core/config.h"
#include "storage/local_storage.h"
#include "storage/s3_storage.h"

namespace manimd::cli {

struct VideoStorage {
  std::unique_ptr<storage::LocalStorage> local;  // DATA_DIR/objects; served at /files/
  std::unique_ptr<storage::S3Storage> s3;        // set when S3 is configured
  storage::Storage* videos = nullptr;            // s3 if set, else local
  std::filesystem::path data_dir;                // DATA_DIR, absolute
  std::filesystem::path staging;                 // renders write here first (emptied at start)
  std::filesystem::path unstored;                // videos that could not be stored

  // "s3://bucket" or the local directory, for logs.
  std::string Describe() const;
};

// Opens local storage (always: its directory holds the state), empties staging, and
// connects S3 when configured. An S3 bucket that does not answer yet is logged, not
// fatal: /ready says so until it does. Internal when a directory cannot be made.
core::Result<VideoStorage> OpenVideoStorage(const core::Config& config);

}  // namespace manimd::cli
