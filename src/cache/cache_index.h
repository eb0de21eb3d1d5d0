// CacheIndex: which finished job holds the video for a cache key. Entries point at jobs,
// so they expire with them (JOB_TTL): the job's document has the object key, scene, size
// and warnings a hit copies. SqliteCacheIndex keeps it in the job database.
#pragma once

#include <optional>
#include <string>

#include "core/status.h"

namespace manimd::cache {

struct CacheEntry {
  std::string job_id;      // the newest job that rendered or was answered with the video
  std::string object_key;  // its storage key
};

class CacheIndex {
 public:
  virtual ~CacheIndex() = default;
  // Nothing when there is no entry. Thread-safe, as every method. Errors: kInternal.
  virtual core::Result<std::optional<CacheEntry>> Find(const std::string& key) = 0;
  // Sets (or replaces) the entry for `key`.
  virtual core::Status Put(const std::string& key, const CacheEntry& entry) = 0;
  virtual core::Status Remove(const std::string& key) = 0;
  // The job an entry names for `object_key`, if any: whether a video is still handed out.
  virtual core::Result<std::optional<std::string>> JobForObject(const std::string& object_key) = 0;
  // Removes every entry for `object_key` (its video is being deleted).
  virtual core::Status RemoveObject(const std::string& object_key) = 0;
};

}  // namespace manimd::cache
