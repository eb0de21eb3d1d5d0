// SQLite through its C API: every statement prepared with bound parameters, the
// connection serialised by one mutex. The `seq` column is the authority for Job::seq; the
// other columns copy what the queries filter and sort on out of `doc`.
#include "jobs/sqlite_job_store.h"

#include <algorithm>
#include <filesystem>
#include <limits>

#include "jobs/job_codec.h"
#include "jobs/sqlite_handle.h"

namespace manimd::jobs {
namespace {

namespace fs = std::filesystem;
using sqlite::Error;
using sqlite::Statement;
using sqlite::Transaction;

constexpr int kSchemaVersion = 1;  // PRAGMA user_version; bump with a migration step

// AUTOINCREMENT: seq never reuses a value, not even the newest one after it was deleted.
constexpr char kSchema[] = R"sql(
CREATE TABLE IF NOT EXISTS jobs (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT UNIQUE NOT NULL,
  status TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  finished_ms INTEGER NOT NULL DEFAULT 0,
  doc TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS jobs_status_seq ON jobs (status, seq);
CREATE INDEX IF NOT EXISTS jobs_finished_ms ON jobs (finished_ms);
PRAGMA user_version = 1;  -- kSchemaVersion
)sql";

// Runs a query selecting (seq, doc) and decodes every row.
core::Result<std::vector<Job>> ReadJobs(sqlite3* db, Statement* query, const std::string& what) {
  std::vector<Job> jobs;
  int rc;
  while ((rc = query->Step()) == SQLITE_ROW) {
    core::Result<Job> job = DecodeJob(query->Text(1));
    if (!job.ok()) {
      // A stored document that does not decode is our bug or a damaged file, not the caller's.
      return core::Internal(what + ": job at seq " + std::to_string(query->Int64(0)) + ": " +
                            job.status().message());
    }
    job->seq = query->Int64(0);
    jobs.push_back(std::move(job).value());
  }
  if (rc != SQLITE_DONE) return Error(db, what);
  return jobs;
}

core::Status CreateSchema(sqlite3* db, const std::string& path) {
  Transaction tx(db);
  if (!tx.Begin()) return Error(db, "creating schema in " + path);
  std::int64_t v;
  {
    Statement version(db, "PRAGMA user_version");
    if (version.Step() != SQLITE_ROW) return Error(db, "reading schema version of " + path);
    v = version.Int64(0);
  }
  if (v > kSchemaVersion) {
    return core::Internal("job database " + path + " has schema version " + std::to_string(v) +
                          ", newer than this manimd's " + std::to_string(kSchemaVersion));
  }
  if (v == 0 && sqlite3_exec(db, kSchema, nullptr, nullptr, nullptr) != SQLITE_OK) {
    return Error(db, "creating schema in " + path);
  }
  if (!tx.Commit()) return Error(db, "creating schema in " + path);
  return core::Status::Ok();
}

}  // namespace

core::Result<std::unique_ptr<SqliteJobStore>> SqliteJobStore::Open(const std::string& path) {
  core::Result<sqlite::Db> opened = sqlite::OpenDb(path, "job database");
  if (!opened.ok()) return opened.status();
  sqlite::Db db = std::move(*opened);
  // In WAL mode NORMAL syncs at checkpoints only: a commit survives kill -9, not power loss.
  if (sqlite3_exec(db.get(), "PRAGMA synchronous = NORMAL", nullptr, nullptr, nullptr) !=
      SQLITE_OK) {
    return Error(db.get(), "opening job database " + path);
  }
  // journal_mode answers with the mode in effect; WAL is refused on some file systems.
  std::string mode;
  {
    Statement wal(db.get(), "PRAGMA journal_mode = WAL");
    if (wal.Step() != SQLITE_ROW) return Error(db.get(), "opening job database " + path);
    mode = wal.Text(0);
  }
  if (mode != "wal") {
    return core::Internal("job database " + path + " cannot use WAL mode (journal_mode is " + mode +
                          ")");
  }
  core::Status s = CreateSchema(db.get(), path);
  if (!s.ok()) return s;
  return std::unique_ptr<SqliteJobStore>(new SqliteJobStore(db.release()));
}

SqliteJobStore::~SqliteJobStore() { sqlite3_close_v2(db_); }

core::Status SqliteJobStore::Insert(Job* job) {
  std::string what = "inserting job " + job->id;
  std::lock_guard<std::mutex> lock(mu_);
  // The row is inserted first because its seq (in the document too) comes from SQLite.
  Transaction tx(db_);
  if (!tx.Begin()) return Error(db_, what);
  Statement insert(db_,
                   "INSERT INTO jobs (id, status, created_ms, finished_ms, doc) "
                   "VALUES (?1, ?2, ?3, ?4, '')");
  insert.Bind(1, job->id).Bind(2, JobStatusName(job->status)).Bind(3, job->created_ms);
  if (insert.Bind(4, job->finished_ms).Step() != SQLITE_DONE) {
    if (sqlite3_extended_errcode(db_) == SQLITE_CONSTRAINT_UNIQUE) {
      return core::Status(core::Code::kConflict, "job " + job->id + " exists");
    }
    return Error(db_, what);
  }
  Job stored = *job;
  stored.seq = sqlite3_last_insert_rowid(db_);
  Statement set_doc(db_, "UPDATE jobs SET doc = ?2 WHERE seq = ?1");
  if (set_doc.Bind(1, stored.seq).Bind(2, EncodeJob(stored)).Step() != SQLITE_DONE ||
      !tx.Commit()) {
    return Error(db_, what);
  }
  job->seq = stored.seq;
  return core::Status::Ok();
}

core::Status SqliteJobStore::Update(const Job& job) { return Write(job, false); }

core::Status SqliteJobStore::UpdateUnlessFinal(const Job& job) { return Write(job, true); }

core::Status SqliteJobStore::Write(const Job& job, bool unless_final) {
  std::string what = "updating job " + job.id;
  std::lock_guard<std::mutex> lock(mu_);
  Transaction tx(db_);
  if (!tx.Begin()) return Error(db_, what);
  Job stored = job;
  {
    Statement find(db_, "SELECT seq, status FROM jobs WHERE id = ?1");
    int rc = find.Bind(1, job.id).Step();
    if (rc == SQLITE_DONE) return core::NotFound("no job " + job.id);
    if (rc != SQLITE_ROW) return Error(db_, what);
    stored.seq = find.Int64(0);
    std::optional<JobStatus> now = ParseJobStatus(find.Text(1));
    if (unless_final && now && IsFinal(*now)) {
      return core::Status(core::Code::kConflict,
                          "job " + job.id + " is already " + JobStatusName(*now));
    }
  }  // finalised: no read stays open across the write
  Statement update(db_,
                   "UPDATE jobs SET status = ?2, created_ms = ?3, finished_ms = ?4, doc = ?5 "
                   "WHERE seq = ?1");
  update.Bind(1, stored.seq).Bind(2, JobStatusName(job.status)).Bind(3, job.created_ms);
  if (update.Bind(4, job.finished_ms).Bind(5, EncodeJob(stored)).Step() != SQLITE_DONE ||
      !tx.Commit()) {
    return Error(db_, what);
  }
  return core::Status::Ok();
}

core::Result<Job> SqliteJobStore::Get(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  Statement query(db_, "SELECT seq, doc FROM jobs WHERE id = ?1");
  query.Bind(1, id);
  core::Result<std::vector<Job>> jobs = ReadJobs(db_, &query, "reading job " + id);
  if (!jobs.ok()) return jobs.status();
  if (jobs->empty()) return core::NotFound("no job " + id);
  return std::move(jobs->front());
}

core::Result<std::vector<Job>> SqliteJobStore::List(const JobFilter& filter) {
  std::int64_t before =
      filter.before_seq > 0 ? filter.before_seq : std::numeric_limits<std::int64_t>::max();
  std::int64_t limit = std::clamp(filter.limit, 1, 1000);
  std::lock_guard<std::mutex> lock(mu_);
  // Two fixed queries rather than "?1 IS NULL OR status = ?1", which would keep SQLite
  // from using the (status, seq) index.
  if (filter.status) {
    Statement query(db_,
                    "SELECT seq, doc FROM jobs WHERE status = ?1 AND seq < ?2 "
                    "ORDER BY seq DESC LIMIT ?3");
    query.Bind(1, JobStatusName(*filter.status)).Bind(2, before).Bind(3, limit);
    return ReadJobs(db_, &query, "listing jobs");
  }
  Statement query(db_, "SELECT seq, doc FROM jobs WHERE seq < ?1 ORDER BY seq DESC LIMIT ?2");
  query.Bind(1, before).Bind(2, limit);
  return ReadJobs(db_, &query, "listing jobs");
}

core::Result<std::vector<Job>> SqliteJobStore::Unfinished() {
  std::lock_guard<std::mutex> lock(mu_);
  Statement query(db_, "SELECT seq, doc FROM jobs WHERE status IN (?1, ?2, ?3) ORDER BY seq ASC");
  query.Bind(1, JobStatusName(JobStatus::kQueued))
      .Bind(2, JobStatusName(JobStatus::kRunning))
      .Bind(3, JobStatusName(JobStatus::kUploading));
  return ReadJobs(db_, &query, "listing unfinished jobs");
}

core::Result<std::vector<Job>> SqliteJobStore::Expired(std::int64_t finished_before_ms, int limit) {
  if (limit <= 0) return std::vector<Job>();  // SQLite reads a negative LIMIT as none
  std::lock_guard<std::mutex> lock(mu_);
  // "+status" keeps the planner off the (status, seq) index: walking finished_ms in order
  // (its index ends in seq, the tie-break) stops after `limit` rows instead of sorting
  // every finished job.
  Statement query(db_,
                  "SELECT seq, doc FROM jobs WHERE finished_ms > 0 AND finished_ms < ?1 "
                  "AND +status IN (?2, ?3, ?4) ORDER BY finished_ms ASC, seq ASC LIMIT ?5");
  query.Bind(1, finished_before_ms)
      .Bind(2, JobStatusName(JobStatus::kSucceeded))
      .Bind(3, JobStatusName(JobStatus::kFailed))
      .Bind(4, JobStatusName(JobStatus::kCancelled))
      .Bind(5, static_cast<std::int64_t>(limit));
  return ReadJobs(db_, &query, "listing expired jobs");
}

core::Status SqliteJobStore::Delete(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  Statement query(db_, "DELETE FROM jobs WHERE id = ?1");
  if (query.Bind(1, id).Step() != SQLITE_DONE) return Error(db_, "deleting job " + id);
  return core::Status::Ok();
}

}  // namespace manimd::jobs
