// SqliteKeyStore on a temporary database: create, read back, list, revoke, and whether a
// key is active, also through a second connection (as `manimd keys` beside a server).
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <filesystem>

#include "jobs/sqlite_job_store.h"
#include "jobs/sqlite_key_store.h"
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

auth::ApiKey Key(const std::string& id, std::int64_t created_ms) {
  auth::ApiKey k;
  k.id = id;
  k.name = "name of " + id;
  k.hash = auth::HashSecret(id);
  k.rate_per_min = 7;
  k.concurrency = 2;
  k.max_quality = render::Quality::kHigh;
  k.created_ms = created_ms;
  return k;
}

TEST_F(KeyStoreTest, CreateGetListRevoke) {
  auto store = SqliteKeyStore::Open(path_);
  ASSERT_OK(store.status());
  EXPECT_FALSE(*(*store)->AnyActive());
  ASSERT_OK((*store)->Create(Key("key_b", 2)));
  ASSERT_OK((*store)->Create(Key("key_a", 1)));
  EXPECT_EQ((*store)->Create(Key("key_a", 3)).code(), core::Code::kConflict);
  core::Result<auth::ApiKey> got = (*store)->Get("key_b");
  ASSERT_OK(got.status());
  EXPECT_EQ(got->name, "name of key_b");
  EXPECT_EQ(got->hash, auth::HashSecret("key_b"));
  EXPECT_EQ(got->rate_per_min, 7);
  EXPECT_EQ(got->concurrency, 2);
  EXPECT_EQ(got->max_quality, render::Quality::kHigh);
  EXPECT_EQ(got->revoked_ms, 0);
  EXPECT_EQ((*store)->Get("key_c").status().code(), core::Code::kNotFound);
  core::Result<std::vector<auth::ApiKey>> list = (*store)->List();
  ASSERT_OK(list.status());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].id, "key_a");
  EXPECT_TRUE(*(*store)->AnyActive());

  // Another connection to the same file sees and revokes it: manimd keys beside serve.
  auto other = SqliteKeyStore::Open(path_);
  ASSERT_OK(other.status());
  ASSERT_OK((*other)->Revoke("key_a", 50));
  ASSERT_OK((*other)->Revoke("key_a", 60));  // stays revoked at its first time
  EXPECT_EQ((*other)->Revoke("key_c", 60).code(), core::Code::kNotFound);
  EXPECT_EQ((*store)->Get("key_a")->revoked_ms, 50);
  EXPECT_TRUE(*(*store)->AnyActive());
  ASSERT_OK((*store)->Revoke("key_b", 70));
  EXPECT_FALSE(*(*store)->AnyActive());
}

TEST_F(KeyStoreTest, SharesTheFileWithTheJobStore) {
  auto jobs = SqliteJobStore::Open(path_);
  ASSERT_OK(jobs.status());
  auto keys = SqliteKeyStore::Open(path_);
  ASSERT_OK(keys.status());
  ASSERT_OK((*keys)->Create(Key("key_a", 1)));
  Job job = testing::MakeJob("00000000000000000000000000000001");
  ASSERT_OK((*jobs)->Insert(&job));
  auto reopened = SqliteJobStore::Open(path_);  // the schema check still passes
  ASSERT_OK(reopened.status());
  EXPECT_OK((*reopened)->Get(job.id).status());
}

TEST_F(KeyStoreTest, KeepsAKeysWebhookSecret) {
  auto store = SqliteKeyStore::Open(path_);
  ASSERT_OK(store.status());
  auth::ApiKey k = Key("key_w", 1);
  k.webhook_secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  ASSERT_OK((*store)->Create(k));
  ASSERT_OK((*store)->Create(Key("key_n", 2)));
  EXPECT_EQ((*store)->Get("key_w")->webhook_secret, k.webhook_secret);
  EXPECT_EQ((*store)->Get("key_n")->webhook_secret, "");
}

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
  auth::ApiKey k = Key("key_new", 6);
  k.webhook_secret = "whsec_x";
  ASSERT_OK((*store)->Create(k));
  EXPECT_EQ((*store)->Get("key_new")->webhook_secret, "whsec_x");
  EXPECT_OK(SqliteKeyStore::Open(path_).status());  // a second open finds the column there
}

}  // namespace
}  // namespace manimd::jobs
