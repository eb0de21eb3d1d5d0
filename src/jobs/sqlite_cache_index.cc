// One row per cache key; object_key is indexed for the pruner's question.
#include "jobs/sqlite_cache_index.h"

#include <filesystem>

#include "jobs/sqlite_handle.h"

namespace manimd::jobs {
namespace {

using sqlite::Error;
using sqlite::Statement;

constexpr char kSchema[] = R"sql(
CREATE TABLE IF NOT EXISTS render_cache (
  key TEXT PRIMARY KEY,
  job_id TEXT NOT NULL,
  object_key TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS render_cache_object ON render_cache (object_key);
)sql";

}  // namespace

core::Result<std::unique_ptr<SqliteCacheIndex>> SqliteCacheIndex::Open(const std::string& path) {
  core::Result<sqlite::Db> opened = sqlite::OpenDb(path, "cache database");
  if (!opened.ok()) return opened.status();
  sqlite::Db db = std::move(*opened);
  if (sqlite3_exec(db.get(), kSchema, nullptr, nullptr, nullptr) != SQLITE_OK) {
    return Error(db.get(), "creating the render_cache table in " + path);
  }
  return std::unique_ptr<SqliteCacheIndex>(new SqliteCacheIndex(db.release()));
}

SqliteCacheIndex::~SqliteCacheIndex() { sqlite3_close_v2(db_); }

core::Result<std::optional<cache::CacheEntry>> SqliteCacheIndex::Find(const std::string& key) {
  std::lock_guard lock(mu_);
  Statement query(db_, "SELECT job_id, object_key FROM render_cache WHERE key = ?1");
  int rc = query.Bind(1, key).Step();
  if (rc == SQLITE_DONE) return std::optional<cache::CacheEntry>();
  if (rc != SQLITE_ROW) return Error(db_, "reading the render cache");
  return std::optional<cache::CacheEntry>(
      cache::CacheEntry{std::string(query.Text(0)), std::string(query.Text(1))});
}

core::Status SqliteCacheIndex::Put(const std::string& key, const cache::CacheEntry& entry) {
  std::lock_guard lock(mu_);
  Statement upsert(db_,
                   "INSERT INTO render_cache (key, job_id, object_key) VALUES (?1, ?2, ?3) "
                   "ON CONFLICT (key) DO UPDATE SET job_id = ?2, object_key = ?3");
  if (upsert.Bind(1, key).Bind(2, entry.job_id).Bind(3, entry.object_key).Step() != SQLITE_DONE) {
    return Error(db_, "writing the render cache");
  }
  return core::Status::Ok();
}

core::Status SqliteCacheIndex::Remove(const std::string& key) {
  std::lock_guard lock(mu_);
  Statement remove(db_, "DELETE FROM render_cache WHERE key = ?1");
  if (remove.Bind(1, key).Step() != SQLITE_DONE) return Error(db_, "writing the render cache");
  return core::Status::Ok();
}

core::Result<std::optional<std::string>> SqliteCacheIndex::JobForObject(
    const std::string& object_key) {
  std::lock_guard lock(mu_);
  Statement query(db_, "SELECT job_id FROM render_cache WHERE object_key = ?1 LIMIT 1");
  int rc = query.Bind(1, object_key).Step();
  if (rc == SQLITE_DONE) return std::optional<std::string>();
  if (rc != SQLITE_ROW) return Error(db_, "reading the render cache");
  return std::optional<std::string>(std::string(query.Text(0)));
}

core::Status SqliteCacheIndex::RemoveObject(const std::string& object_key) {
  std::lock_guard lock(mu_);
  Statement remove(db_, "DELETE FROM render_cache WHERE object_key = ?1");
  if (remove.Bind(1, object_key).Step() != SQLITE_DONE) {
    return Error(db_, "writing the render cache");
  }
  return core::Status::Ok();
}

}  // namespace manimd::jobs
