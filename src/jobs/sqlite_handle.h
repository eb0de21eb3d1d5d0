// Small RAII wrappers over SQLite's C API for SqliteJobStore: a connection, a prepared
// statement, a write transaction. For src/jobs and the webhook deliveries beside the jobs
// (src/webhooks); not a general SQLite binding.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"

namespace manimd::jobs::sqlite {

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Db = std::unique_ptr<sqlite3, DbCloser>;

// kInternal with `context` and SQLite's text for the last failed call on `db`.
inline core::Status Error(sqlite3* db, const std::string& context) {
  return core::Internal(context + ": " + sqlite3_errmsg(db));
}

// Opens (creating it and its directory) the database at `path` the way every store of
// ours shares it: read-write, one connection per store, waiting up to 5 s for another's
// lock. `what` names it in errors ("job database").
inline core::Result<Db> OpenDb(const std::string& path, const std::string& what) {
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
    if (ec) return core::Internal("creating directory " + parent.string() + ": " + ec.message());
  }
  sqlite3* raw = nullptr;
  int rc =
      sqlite3_open_v2(path.c_str(), &raw,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  Db db(raw);
  if (rc != SQLITE_OK) {
    return core::Internal("opening " + what + " " + path + ": " +
                          (raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_busy_timeout(db.get(), 5000);
  return db;
}

// One prepared statement, finalised on scope exit. A failed prepare or bind is remembered
// and returned by Step, so callers check once; sqlite3_errmsg then says why.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) {
    rc_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr);
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // `index` is 1-based, as in "?1". The text is copied; empty text is '', never NULL
  // (which a null data pointer would bind).
  Statement& Bind(int index, std::string_view text) {
    if (rc_ == SQLITE_OK) {
      rc_ = sqlite3_bind_text64(stmt_, index, text.empty() ? "" : text.data(), text.size(),
                                SQLITE_TRANSIENT, SQLITE_UTF8);
    }
    return *this;
  }
  Statement& Bind(int index, std::int64_t value) {
    if (rc_ == SQLITE_OK) rc_ = sqlite3_bind_int64(stmt_, index, value);
    return *this;
  }
  // SQLITE_ROW (a row is ready), SQLITE_DONE, or an error code.
  int Step() {
    if (rc_ == SQLITE_OK || rc_ == SQLITE_ROW) rc_ = sqlite3_step(stmt_);
    return rc_;
  }
  // Columns of the current row, 0-based. Text stays valid until the next Step.
  std::int64_t Int64(int column) { return sqlite3_column_int64(stmt_, column); }
  std::string_view Text(int column) {
    const unsigned char* text = sqlite3_column_text(stmt_, column);
    if (text == nullptr) return {};
    return {reinterpret_cast<const char*>(text),
            static_cast<size_t>(sqlite3_column_bytes(stmt_, column))};
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
  int rc_;
};

// BEGIN IMMEDIATE takes the write lock up front, so a read-then-write cannot fail halfway
// with SQLITE_BUSY because another process wrote in between. Rolls back unless committed.
// A statement stopped at SQLITE_ROW should be finalised (out of scope) before Commit.
class Transaction {
 public:
  explicit Transaction(sqlite3* db) : db_(db) {}
  ~Transaction() {
    if (active_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  bool Begin() {
    active_ = sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK;
    return active_;
  }
  bool Commit() {
    if (sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) return false;
    active_ = false;
    return true;
  }

 private:
  sqlite3* db_;
  bool active_ = false;
};

}  // namespace manimd::jobs::sqlite
