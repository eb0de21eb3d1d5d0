// JobStore: where jobs are kept so that none is lost when manimd stops or is killed.
// Implementations: SqliteJobStore (the embedded default, a WAL database under DATA_DIR),
// MemJobStore (tests). Progress is not stored: it lives in memory
// while a job runs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "jobs/job.h"

namespace manimd::jobs {

struct JobFilter {
  std::optional<JobStatus> status;  // only jobs in this status
  int limit = 20;                   // REQUIRES: 1..1000
  std::int64_t before_seq = 0;      // only jobs with seq < this (a cursor); 0: from the newest
};

class JobStore {
 public:
  virtual ~JobStore() = default;

  // Adds a new job and sets job->seq to its submission order (strictly increasing across
  // the store's whole life, also across restarts). Errors: kConflict (the id exists),
  // kInternal.
  virtual core::Status Insert(Job* job) = 0;
  // Replaces every field of the stored job with `job`'s (matched by id; seq is kept).
  // Errors: kNotFound, kInternal.
  virtual core::Status Update(const Job& job) = 0;
  // Update, unless the stored job is final already: then nothing changes and kConflict
  // comes back. For writers that may race over one job (two workers handed the same job
  // by an at-least-once queue): the first final state stands, nothing regresses it.
  virtual core::Status UpdateUnlessFinal(const Job& job) = 0;
  // Errors: kNotFound, kInternal.
  virtual core::Result<Job> Get(const std::string& id) = 0;
  // Newest first (descending seq), at most filter.limit.
  virtual core::Result<std::vector<Job>> List(const JobFilter& filter) = 0;
  // Every job not in a final status (queued, running, uploading), oldest first: what a
  // restarted server must take up again.
  virtual core::Result<std::vector<Job>> Unfinished() = 0;
  // Jobs in a final status that finished before `finished_before_ms`, oldest first, at
  // most `limit`: candidates for pruning.
  virtual core::Result<std::vector<Job>> Expired(std::int64_t finished_before_ms, int limit) = 0;
  // Removes a job; a missing one is fine. Errors: kInternal.
  virtual core::Status Delete(const std::string& id) = 0;
};

}  // namespace manimd::jobs
