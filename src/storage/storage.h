// Storage: where finished videos go. Implementations: LocalStorage (a directory served
// at /files/) and, with S3_BUCKET_NAME, S3 storage. Keys look like
// "videos/<uuid>/<Scene>.mp4" (see object_key.h).
#pragma once

#include <string>

#include "core/status.h"

namespace manimd::storage {

class Storage {
 public:
  virtual ~Storage() = default;

  // Stores the file at `local_path` under `key`. The file is consumed: it may be moved
  // rather than copied, and is gone on success. On failure it is left in place so
  // nothing rendered is lost. Thread-safe. Errors: kInvalidArgument (bad key),
  // kUnavailable (transient: retrying may work), kInternal.
  virtual core::Status Put(const std::string& local_path, const std::string& key,
                           const std::string& content_type) = 0;

  // A URL a client can fetch the object from: absolute for S3 (presigned), or a path
  // starting with "/files/" for local storage, which the API makes absolute. Thread-safe.
  virtual core::Result<std::string> Url(const std::string& key) = 0;

  // Whether the object is there now (S3: a HEAD request), for the result cache, which
  // must not hand out a link to a deleted video. Errors: kUnavailable, kInternal.
  virtual core::Result<bool> Exists(const std::string& key) = 0;

  // Copies the object to the file `local_path` (created or replaced, mode 0600): split
  // renders fetch the chunks other workers rendered (docs/split.md). Thread-safe. Errors:
  // kNotFound (no such object), kUnavailable, kInternal; a partial file is removed.
  virtual core::Status Get(const std::string& key, const std::string& local_path) = 0;

  // Removes the object; a missing one is fine. Thread-safe. Errors: kUnavailable, kInternal.
  virtual core::Status Delete(const std::string& key) = 0;

  // Whether storage is usable now (for GET /ready); the message says what is wrong.
  virtual core::Status Check() = 0;
};

}  // namespace manimd::storage
