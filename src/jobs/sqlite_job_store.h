// SqliteJobStore: the embedded JobStore, one SQLite database file in WAL mode, each job a
// row whose `doc` column is EncodeJob(job). Not a cache of live progress (see job_store.h).
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "jobs/job_store.h"

struct sqlite3;

namespace manimd::jobs {

class SqliteJobStore : public JobStore {
 public:
  // Opens (creating if missing) the database at `path` and its parent directory, and
  // creates or checks the schema. A committed write survives the process being killed
  // (synchronous=NORMAL in WAL mode), not necessarily a power cut.
  // Errors: kInternal (cannot create or open, not a database, a newer schema version).
  static core::Result<std::unique_ptr<SqliteJobStore>> Open(const std::string& path);
  ~SqliteJobStore() override;
  SqliteJobStore(const SqliteJobStore&) = delete;
  SqliteJobStore& operator=(const SqliteJobStore&) = delete;

  // Thread-safe: calls are serialised on one connection. Other processes may open the same
  // file; they wait up to 5 s for its write lock.
  core::Status Insert(Job* job) override;
  core::Status Update(const Job& job) override;
  core::Status UpdateUnlessFinal(const Job& job) override;
  core::Result<Job> Get(const std::string& id) override;
  core::Result<std::vector<Job>> List(const JobFilter& filter) override;
  core::Result<std::vector<Job>> Unfinished() override;
  core::Result<std::vector<Job>> Expired(std::int64_t finished_before_ms, int limit) override;
  core::Status Delete(const std::string& id) override;

 private:
  explicit SqliteJobStore(sqlite3* db) : db_(db) {}
  core::Status Write(const Job& job, bool unless_final);

  std::mutex mu_;
  sqlite3* const db_;  // owned; guarded by mu_ (opened SQLITE_OPEN_NOMUTEX, so every use,
                       // statements included, must hold mu_)
};

}  // namespace manimd::jobs
