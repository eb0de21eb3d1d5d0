// S3Storage: videos in an S3 bucket (AWS or any S3-compatible server), behind the same
// Storage interface as local disk. Large files go up in parts, streamed from disk.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "storage/s3_client.h"
#include "storage/storage.h"

namespace manimd::storage {

struct S3StorageOptions {
  S3Options s3;
  std::uint64_t multipart_threshold = 16ULL << 20;  // S3_MULTIPART_THRESHOLD_MB
  std::uint64_t part_size = 8ULL << 20;             // S3_PART_SIZE_MB (S3's minimum: 5 MiB)
  int url_expires_s = 3600;                         // S3_URL_EXPIRES_S
};

class S3Storage : public Storage {
 public:
  explicit S3Storage(S3StorageOptions options)
      : options_(std::move(options)), client_(options_.s3) {}

  // Single PUT below the threshold, else a multipart upload (aborted on failure). The
  // local file is removed only once the object is complete.
  core::Status Put(const std::string& local_path, const std::string& key,
                   const std::string& content_type) override;
  core::Result<std::string> Url(const std::string& key) override;  // presigned GET
  core::Result<bool> Exists(const std::string& key) override;      // HEAD
  core::Status Get(const std::string& key, const std::string& local_path) override;
  core::Status Delete(const std::string& key) override;
  // HEAD on the bucket: says whether it is missing, refused or unreachable.
  core::Status Check() override;

  const S3Client& client() const { return client_; }
  const std::string& bucket() const { return options_.s3.bucket; }

  // The multipart path for `size` bytes of `fd` in parts of `part_size`, whatever the
  // threshold; for tests of failure handling (claim more than the file holds).
  core::Status TEST_PutMultipart(int fd, std::uint64_t size, std::uint64_t part_size,
                                 const std::string& key, const std::string& content_type) {
    options_.part_size = part_size;
    return PutMultipart(fd, size, key, content_type);
  }

 private:
  core::Status PutMultipart(int fd, std::uint64_t size, const std::string& key,
                            const std::string& content_type);

  S3StorageOptions options_;
  S3Client client_;
};

}  // namespace manimd::storage
