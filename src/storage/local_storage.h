// LocalStorage: objects as files under one directory, served back by GET /files/{key}.
// The embedded default when no S3 bucket is configured.
#pragma once

#include <memory>
#include <string>

#include "core/unique_fd.h"
#include "storage/storage.h"

namespace manimd::storage {

class LocalStorage : public Storage {
 public:
  // Creates `root` if missing. Errors: kInternal when it cannot be made or opened.
  static core::Result<std::unique_ptr<LocalStorage>> Open(const std::string& root);

  core::Status Put(const std::string& local_path, const std::string& key,
                   const std::string& content_type) override;
  core::Result<std::string> Url(const std::string& key) override;  // "/files/<key>"
  core::Result<bool> Exists(const std::string& key) override;
  core::Status Get(const std::string& key, const std::string& local_path) override;
  core::Status Delete(const std::string& key) override;
  core::Status Check() override;

  // Opens the object for reading, never following a symlink or leaving the root.
  // Errors: kNotFound (no such object, or an unsafe key), kInternal.
  core::Result<core::UniqueFd> OpenObject(const std::string& key) const;

  const std::string& root() const { return root_; }

 private:
  LocalStorage(std::string root, core::UniqueFd root_fd)
      : root_(std::move(root)), root_fd_(std::move(root_fd)) {}
  std::string root_;
  core::UniqueFd root_fd_;
};

}  // namespace manimd::storage
