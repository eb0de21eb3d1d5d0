// One row per key; max_quality is the quality letter or ''. The secret is never here.
#include "jobs/sqlite_key_store.h"

#include <filesystem>

#include "jobs/sqlite_handle.h"

namespace manimd::jobs {
namespace {

using sqlite::Error;
using sqlite::Statement;

constexpr char kSchema[] = R"sql(
CREATE TABLE IF NOT EXISTS api_keys (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  hash TEXT NOT NULL,
  rate_per_min INTEGER NOT NULL,
  concurrency INTEGER NOT NULL,
  max_quality TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  revoked_ms INTEGER NOT NULL DEFAULT 0,
  webhook_secret TEXT NOT NULL DEFAULT '');
)sql";

constexpr char kColumns[] =
    "id, name, hash, rate_per_min, concurrency, max_quality, created_ms, revoked_ms, "
    "webhook_secret";

// Databases made before per-key webhook secrets lack the column: added in place.
core::Status AddWebhookSecretColumn(sqlite3* db) {
  Statement columns(db, "SELECT 1 FROM pragma_table_info('api_keys') WHERE name = ?1");
  int rc = columns.Bind(1, std::string("webhook_secret")).Step();
  if (rc == SQLITE_ROW) return core::Status::Ok();
  if (rc != SQLITE_DONE) return Error(db, "reading the api_keys columns");
  if (sqlite3_exec(db, "ALTER TABLE api_keys ADD COLUMN webhook_secret TEXT NOT NULL DEFAULT ''",
                   nullptr, nullptr, nullptr) != SQLITE_OK) {
    return Error(db, "adding webhook_secret to api_keys");
  }
  return core::Status::Ok();
}

auth::ApiKey ReadKey(Statement& row) {
  auth::ApiKey k;
  k.id = row.Text(0);
  k.name = row.Text(1);
  k.hash = row.Text(2);
  k.rate_per_min = static_cast<int>(row.Int64(3));
  k.concurrency = static_cast<int>(row.Int64(4));
  if (std::string_view q = row.Text(5); !q.empty()) {
    core::Result<render::Quality> quality = render::ParseQuality(q);
    if (quality.ok()) k.max_quality = *quality;
  }
  k.created_ms = row.Int64(6);
  k.revoked_ms = row.Int64(7);
  k.webhook_secret = row.Text(8);
  return k;
}

}  // namespace

core::Result<std::unique_ptr<SqliteKeyStore>> SqliteKeyStore::Open(const std::string& path) {
  core::Result<sqlite::Db> opened = sqlite::OpenDb(path, "key database");
  if (!opened.ok()) return opened.status();
  sqlite::Db db = std::move(*opened);
  if (sqlite3_exec(db.get(), kSchema, nullptr, nullptr, nullptr) != SQLITE_OK) {
    return Error(db.get(), "creating the api_keys table in " + path);
  }
  if (core::Status s = AddWebhookSecretColumn(db.get()); !s.ok()) return s;
  return std::unique_ptr<SqliteKeyStore>(new SqliteKeyStore(db.release()));
}

SqliteKeyStore::~SqliteKeyStore() { sqlite3_close_v2(db_); }

core::Status SqliteKeyStore::Create(const auth::ApiKey& key) {
  std::lock_guard lock(mu_);
  Statement insert(db_, (std::string("INSERT INTO api_keys (") + kColumns +
                         ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")
                            .c_str());
  std::string quality =
      key.max_quality ? std::string(1, render::QualityLetter(*key.max_quality)) : std::string();
  insert.Bind(1, key.id).Bind(2, key.name).Bind(3, key.hash);
  insert.Bind(4, std::int64_t{key.rate_per_min}).Bind(5, std::int64_t{key.concurrency});
  insert.Bind(6, quality).Bind(7, key.created_ms).Bind(8, key.revoked_ms);
  insert.Bind(9, key.webhook_secret);
  if (insert.Step() != SQLITE_DONE) {
    if (sqlite3_extended_errcode(db_) == SQLITE_CONSTRAINT_PRIMARYKEY) {
      return core::Status(core::Code::kConflict, "key " + key.id + " exists");
    }
    return Error(db_, "saving key " + key.id);
  }
  return core::Status::Ok();
}

core::Result<auth::ApiKey> SqliteKeyStore::Get(const std::string& id) {
  std::lock_guard lock(mu_);
  Statement query(db_,
                  (std::string("SELECT ") + kColumns + " FROM api_keys WHERE id = ?1").c_str());
  int rc = query.Bind(1, id).Step();
  if (rc == SQLITE_DONE) return core::NotFound("no key " + id);
  if (rc != SQLITE_ROW) return Error(db_, "reading key " + id);
  return ReadKey(query);
}

core::Result<std::vector<auth::ApiKey>> SqliteKeyStore::List() {
  std::lock_guard lock(mu_);
  Statement query(
      db_, (std::string("SELECT ") + kColumns + " FROM api_keys ORDER BY created_ms, id").c_str());
  std::vector<auth::ApiKey> keys;
  int rc;
  while ((rc = query.Step()) == SQLITE_ROW) keys.push_back(ReadKey(query));
  if (rc != SQLITE_DONE) return Error(db_, "listing keys");
  return keys;
}

core::Status SqliteKeyStore::Revoke(const std::string& id, std::int64_t now_ms) {
  std::lock_guard lock(mu_);
  Statement update(db_, "UPDATE api_keys SET revoked_ms = ?2 WHERE id = ?1 AND revoked_ms = 0");
  if (update.Bind(1, id).Bind(2, now_ms).Step() != SQLITE_DONE) {
    return Error(db_, "revoking key " + id);
  }
  if (sqlite3_changes(db_) > 0) return core::Status::Ok();
  Statement exists(db_, "SELECT 1 FROM api_keys WHERE id = ?1");
  if (exists.Bind(1, id).Step() == SQLITE_ROW) return core::Status::Ok();  // already revoked
  return core::NotFound("no key " + id);
}

core::Result<bool> SqliteKeyStore::AnyActive() {
  std::lock_guard lock(mu_);
  Statement query(db_, "SELECT EXISTS (SELECT 1 FROM api_keys WHERE revoked_ms = 0)");
  if (query.Step() != SQLITE_ROW) return Error(db_, "looking for API keys");
  return query.Int64(0) != 0;
}

}  // namespace manimd::jobs
