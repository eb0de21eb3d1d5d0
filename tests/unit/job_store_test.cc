// The JobStore conformance suite (tests/job_store_conformance.h) for the stores of this
// process, plus what only SqliteJobStore promises (surviving a reopen, WAL mode, errors on
// open).
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "job_store_conformance.h"
#include "jobs/job_codec.h"
#include "jobs/mem_job_store.h"
#include "jobs/sqlite_job_store.h"
#include "test_util.h"

namespace manimd::jobs {
namespace {

namespace fs = std::filesystem;
using conformance::FullJob;
using conformance::Ids;
using conformance::JobStoreConformance;
using conformance::MakeTempDir;
using conformance::NewJob;

struct MemFactory {
  static std::unique_ptr<JobStore> Open(const std::string&) {
    return std::make_unique<MemJobStore>();
  }
};

struct SqliteFactory {
  static std::unique_ptr<JobStore> Open(const std::string& dir) {
    core::Result<std::unique_ptr<SqliteJobStore>> store =
        SqliteJobStore::Open(dir + "/data/jobs.db");
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    if (!store.ok()) return nullptr;
    return std::move(store).value();
  }
};

}  // namespace
}  // namespace manimd::jobs

namespace manimd::jobs::conformance {
using Stores = ::testing::Types<MemFactory, SqliteFactory>;
INSTANTIATE_TYPED_TEST_SUITE_P(Local, JobStoreConformance, Stores);
}  // namespace manimd::jobs::conformance

namespace manimd::jobs {
namespace {

class SqliteJobStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir();
    ASSERT_FALSE(dir_.empty());
    path_ = dir_ + "/jobs.db";
  }
  void TearDown() override { fs::remove_all(dir_); }
  // Runs `sql` through a connection of its own; the first column of the first row.
  std::string Query(const std::string& sql) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    std::string out;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0) != nullptr) {
      out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    sqlite3_close_v2(db);
    return out;
  }
  std::string dir_;
  std::string path_;
};

TEST_F(SqliteJobStoreTest, JobsSurviveReopening) {
  Job full = FullJob("full");
  Job queued = NewJob("queued");
  {
    std::unique_ptr<SqliteJobStore> store = SqliteJobStore::Open(path_).value();
    ASSERT_TRUE(store->Insert(&full).ok());
    ASSERT_TRUE(store->Insert(&queued).ok());
    queued.status = JobStatus::kRunning;
    queued.started_ms = 1500;
    ASSERT_TRUE(store->Update(queued).ok());
  }
  std::unique_ptr<SqliteJobStore> store = SqliteJobStore::Open(path_).value();
  EXPECT_EQ(EncodeJob(*store->Get("full")), EncodeJob(full));
  EXPECT_EQ(EncodeJob(*store->Get("queued")), EncodeJob(queued));
  EXPECT_EQ(Ids(*store->Unfinished()), std::vector<std::string>{"queued"});
  ASSERT_TRUE(store->Delete("queued").ok());
  Job next = NewJob("next");
  ASSERT_TRUE(store->Insert(&next).ok());
  EXPECT_GT(next.seq, queued.seq);
}

TEST_F(SqliteJobStoreTest, DatabaseIsInWalModeWithSchemaVersion1) {
  std::unique_ptr<SqliteJobStore> store = SqliteJobStore::Open(path_).value();
  EXPECT_EQ(Query("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(Query("PRAGMA user_version"), "1");
  Job job = NewJob("j");
  ASSERT_TRUE(store->Insert(&job).ok());
  EXPECT_EQ(Query("SELECT doc FROM jobs WHERE id = 'j'"), EncodeJob(job));
}

TEST_F(SqliteJobStoreTest, UncreatableLocationIsAClearError) {
  std::ofstream(dir_ + "/file") << "x";
  core::Result<std::unique_ptr<SqliteJobStore>> store =
      SqliteJobStore::Open(dir_ + "/file/sub/jobs.db");
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), core::Code::kInternal);
  EXPECT_NE(store.status().message().find(dir_ + "/file/sub"), std::string::npos)
      << store.status().message();
  // A directory where the file should be.
  store = SqliteJobStore::Open(dir_);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find(dir_), std::string::npos) << store.status().message();
}

TEST_F(SqliteJobStoreTest, NotADatabaseOrANewerSchemaIsAnError) {
  std::ofstream(path_) << std::string(4096, 'x');
  core::Result<std::unique_ptr<SqliteJobStore>> store = SqliteJobStore::Open(path_);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find("not a database"), std::string::npos)
      << store.status().message();
  fs::remove(path_);
  ASSERT_TRUE(SqliteJobStore::Open(path_).ok());
  Query("PRAGMA user_version = 2");
  store = SqliteJobStore::Open(path_);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find("schema version 2"), std::string::npos)
      << store.status().message();
}

}  // namespace
}  // namespace manimd::jobs
