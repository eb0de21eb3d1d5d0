// SqliteKeyStore: API keys in the job database (a table `api_keys` beside `jobs`), on a
// connection of its own, so `manimd keys` and a running `manimd serve` share them.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "auth/key_store.h"

struct sqlite3;

namespace manimd::jobs {

class SqliteKeyStore : public auth::KeyStore {
 public:
  // Opens (creating if missing) the database at `path` and the table. Errors: kInternal.
  static core::Result<std::unique_ptr<SqliteKeyStore>> Open(const std::string& path);
  ~SqliteKeyStore() override;
  SqliteKeyStore(const SqliteKeyStore&) = delete;
  SqliteKeyStore& operator=(const SqliteKeyStore&) = delete;

  core::Status Create(const auth::ApiKey& key) override;
  core::Result<auth::ApiKey> Get(const std::string& id) override;
  core::Result<std::vector<auth::ApiKey>> List() override;
  core::Status Revoke(const std::string& id, std::int64_t now_ms) override;
  core::Result<bool> AnyActive() override;

 private:
  explicit SqliteKeyStore(sqlite3* db) : db_(db) {}
  std::mutex mu_;
  sqlite3* const db_;  // owned; guarded by mu_ (opened SQLITE_OPEN_NOMUTEX)
};

}  // namespace manimd::jobs
