// RedisJobStore: jobs kept in Redis (REDIS_URL), shared by every API node and worker of a
// cluster. A JobStore (its conformance suite runs against a real redis-server), plus the
// few atomic steps a cluster needs beyond it: submit-and-enqueue with the queue bound, a
// worker's change (saved, counted and announced in one step), and cancel requests.
// Key layout: redis_keys.h. Every step is one Lua script or command: atomic in Redis.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "jobs/job_store.h"
#include "redis/redis_client.h"

namespace manimd::jobs {

class RedisJobStore : public JobStore {
 public:
  // `client` must outlive the store; it may be shared (its calls are serialized).
  explicit RedisJobStore(redis::RedisClient* client) : client_(client) {}

  // JobStore. Errors also kUnavailable when Redis cannot be reached.
  core::Status Insert(Job* job) override;
  core::Status Update(const Job& job) override;
  core::Status UpdateUnlessFinal(const Job& job) override;
  core::Result<Job> Get(const std::string& id) override;
  core::Result<std::vector<Job>> List(const JobFilter& filter) override;
  core::Result<std::vector<Job>> Unfinished() override;
  core::Result<std::vector<Job>> Expired(std::int64_t finished_before_ms, int limit) override;
  core::Status Delete(const std::string& id) override;

  // Insert, and put the job on the render stream, unless `max_queue` jobs are queued and
  // not yet taken by a worker (then kUnavailable, and nothing is stored).
  core::Status Submit(Job* job, int max_queue);
  // A worker's change to a job it renders: the state (when `write_doc`; progress always)
  // saved unless the job is final already (kConflict), the job's version counted up and
  // announced on the events channel. Returns the new version.
  core::Result<std::uint64_t> Change(const Job& job, bool write_doc);
  // The job with its live progress and version (Get leaves progress empty).
  core::Result<Job> Fetch(const std::string& id, std::uint64_t* version);
  // Marks the job cancelled if it is still queued (kConflict when it is not).
  core::Status CancelIfQueued(const Job& cancelled);
  // Asks whoever renders the job to stop: a flag on the job and a message to every worker.
  core::Status RequestCancel(const std::string& id);
  core::Result<bool> CancelRequested(const std::string& id);
  // How many jobs are queued, not yet taken.
  core::Result<int> QueuedCount();

 private:
  core::Status Write(const Job& job, const std::string& condition);
  core::Result<std::vector<Job>> FetchAll(const std::vector<std::string>& ids);
  redis::RedisClient* const client_;
};

}  // namespace manimd::jobs
