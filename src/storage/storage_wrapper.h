// StorageWrapper: a Storage that forwards every call to another one, as LevelDB's
// EnvWrapper does for Env. Subclass it and override one method to inject a fault ("S3
// answers 503") or count calls, leaving the rest real.
#pragma once

#include "storage/storage.h"

namespace manimd::storage {

class StorageWrapper : public Storage {
 public:
  // `target` must outlive the wrapper.
  explicit StorageWrapper(Storage* target) : target_(target) {}

  core::Status Put(const std::string& local_path, const std::string& key,
                   const std::string& content_type) override {
    return target_->Put(local_path, key, content_type);
  }
  core::Result<std::string> Url(const std::string& key) override { return target_->Url(key); }
  core::Result<bool> Exists(const std::string& key) override { return target_->Exists(key); }
  core::Status Get(const std::string& key, const std::string& local_path) override {
    return target_->Get(key, local_path);
  }
  core::Status Delete(const std::string& key) override { return target_->Delete(key); }
  core::Status Check() override { return target_->Check(); }

  Storage* target() const { return target_; }

 private:
  Storage* const target_;
};

}  // namespace manimd::storage
