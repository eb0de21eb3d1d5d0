// The KeyStore conformance suite (tests/key_store_conformance.h) for SqliteKeyStore, on
// a database file in a scratch directory; plus what only it promises: sharing the file
// with the job store.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <filesystem>

#include "jobs/sqlite_job_store.h"
#include "jobs/sqlite_key_store.h"
#include "key_store_conformance.h"
#include "test_util.h"

namespace manimd::jobs {
namespace {

// A fresh directory under /tmp, removed by the fixture.
std::string TempDir() {
  std::string t = (std::filesystem::temp_directory_path() / "manimd-unit-XXXXXX").string();
  return mkdtemp(t.data()) == nullptr ? "" : t;
}

class KeyStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = TempDir();
    ASSERT_FALSE(dir_.empty());
    path_ = dir_ + "/jobs.sqlite";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string dir_, path_;
};

TEST_F(KeyStoreTest, SharesTheFileWithTheJobStore) {
  auto jobs = SqliteJobStore::Open(path_);
  ASSERT_OK(jobs.status());
  auto keys = SqliteKeyStore::Open(path_);
  ASSERT_OK(keys.status());
  ASSERT_OK((*keys)->Create(auth::conformance::Key("key_a", 1)));
  Job job = testing::MakeJob("00000000000000000000000000000001");
  ASSERT_OK((*jobs)->Insert(&job));
  auto reopened = SqliteJobStore::Open(path_);  // the schema check still passes
  ASSERT_OK(reopened.status());
  EXPECT_OK((*reopened)->Get(job.id).status());
}

struct SqliteKeyFactory {
  static std::unique_ptr<auth::KeyStore> Open(const std::string& dir, bool fresh) {
    if (fresh) std::filesystem::remove(dir + "/jobs.sqlite");
    auto store = SqliteKeyStore::Open(dir + "/jobs.sqlite");
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(*store) : nullptr;
  }
};

// A database from before per-key webhook secrets gets the column; its keys keep working.
TEST_F(KeyStoreTest, AddsTheWebhookSecretColumnToAnOlderTable) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "CREATE TABLE api_keys (id TEXT PRIMARY KEY, name TEXT NOT NULL, "
                         "hash TEXT NOT NULL, rate_per_min INTEGER NOT NULL, concurrency "
                         "INTEGER NOT NULL, max_quality TEXT NOT NULL, created_ms INTEGER NOT "
                         "NULL, revoked_ms INTEGER NOT NULL DEFAULT 0);"
                         "INSERT INTO api_keys VALUES ('key_old', 'old', 'h', 0, 0, '', 5, 0);",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  auto store = SqliteKeyStore::Open(path_);
  ASSERT_OK(store.status());
  core::Result<auth::ApiKey> old = (*store)->Get("key_old");
  ASSERT_OK(old.status());
  EXPECT_EQ(old->webhook_secret, "");
  auth::ApiKey k = auth::conformance::Key("key_new", 6);
  k.webhook_secret = "whsec_x";
  ASSERT_OK((*store)->Create(k));
  EXPECT_EQ((*store)->Get("key_new")->webhook_secret, "whsec_x");
  EXPECT_OK(SqliteKeyStore::Open(path_).status());  // a second open finds the column there
}

}  // namespace
}  // namespace manimd::jobs

namespace manimd::auth::conformance {
using SqliteKeyStores = ::testing::Types<jobs::SqliteKeyFactory>;
INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, KeyStoreConformance, SqliteKeyStores);
}  // namespace manimd::auth::conformance
