// MeteredStorage: a StorageWrapper that counts failed operations in
// manimd_storage_errors_total{operation}; everything else is the wrapped storage's.
#pragma once

#include "metrics/metrics.h"
#include "storage/storage_wrapper.h"

namespace manimd::metrics {

class MeteredStorage : public storage::StorageWrapper {
 public:
  // `target` and `metrics` must outlive the wrapper.
  MeteredStorage(storage::Storage* target, Metrics* metrics)
      : StorageWrapper(target), metrics_(metrics) {}

  core::Status Put(const std::string& local_path, const std::string& key,
                   const std::string& content_type) override {
    return Count("put", StorageWrapper::Put(local_path, key, content_type));
  }
  core::Result<std::string> Url(const std::string& key) override {
    core::Result<std::string> url = StorageWrapper::Url(key);
    if (!url.ok()) metrics_->StorageError("url");
    return url;
  }
  core::Result<bool> Exists(const std::string& key) override {
    core::Result<bool> exists = StorageWrapper::Exists(key);
    if (!exists.ok()) metrics_->StorageError("exists");
    return exists;
  }
  core::Status Delete(const std::string& key) override {
    return Count("delete", StorageWrapper::Delete(key));
  }

 private:
  core::Status Count(const char* operation, core::Status s) {
    if (!s.ok()) metrics_->StorageError(operation);
    return s;
  }
  Metrics* const metrics_;
};

}  // namespace manimd::metrics
