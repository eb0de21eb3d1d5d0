// SqliteCacheIndex: the result cache's entries in the job database (table render_cache),
// on a connection of its own.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "cache/cache_index.h"

struct sqlite3;

namespace manimd::jobs {

class SqliteCacheIndex : public cache::CacheIndex {
 public:
  // Opens (creating if missing) the database at `path` and the table. Errors: kInternal.
  static core::Result<std::unique_ptr<SqliteCacheIndex>> Open(const std::string& path);
  ~SqliteCacheIndex() override;
  SqliteCacheIndex(const SqliteCacheIndex&) = delete;
  SqliteCacheIndex& operator=(const SqliteCacheIndex&) = delete;

  core::Result<std::optional<cache::CacheEntry>> Find(const std::string& key) override;
  core::Status Put(const std::string& key, const cache::CacheEntry& entry) override;
  core::Status Remove(const std::string& key) override;
  core::Result<std::optional<std::string>> JobForObject(const std::string& object_key) override;
  core::Status RemoveObject(const std::string& object_key) override;

 private:
  explicit SqliteCacheIndex(sqlite3* db) : db_(db) {}
  std::mutex mu_;
  sqlite3* const db_;  // owned; guarded by mu_ (opened SQLITE_OPEN_NOMUTEX)
};

}  // namespace manimd::jobs
