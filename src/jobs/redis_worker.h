// RedisWorker: renders jobs from the cluster's stream, one thread per render slot
// (`manimd worker`, and `manimd serve` unless SERVE_RENDERS=0). Each slot takes an entry
// (orphans first: entries a dead worker held past the lease), renders it through the same
// RenderPipeline as a single node, announces every change, and acknowledges the entry
// when the job is final. While it renders, a heartbeat keeps its entries from looking
// orphaned, keeps the tenant slots of its jobs (RedisTenantSlots) and keeps this worker
// listed in Redis for GET /ready. A job whose tenant is at its key's concurrency goes back
// to the end of the stream, so other tenants' jobs pass it. A slot with no job to take
// renders a chunk of another worker's split job, if one is offered (RedisChunkTaker).
#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "jobs/job_listener.h"
#include "jobs/job_queue.h"
#include "jobs/redis_chunk_taker.h"
#include "jobs/redis_events.h"
#include "jobs/redis_job_store.h"
#include "jobs/redis_queue.h"
#include "jobs/redis_tenant_slots.h"
#include "storage/storage.h"

namespace manimd::jobs {

struct RedisWorkerOptions {
  redis::RedisAddress address;
  std::string id;                          // unique in the cluster: host-pid
  std::string host;                        // for /ready
  int slots = 2;                           // MAX_CONCURRENT_RENDERS
  std::chrono::milliseconds lease{30000};  // WORKER_LEASE_S: idle time before a reclaim
  int max_deliveries = 3;                  // WORKER_MAX_DELIVERIES
};

class RedisWorker {
 public:
  // Every pointer must outlive the worker. `events` tells it of cancel requests.
  // `listener` (may be null) is told of each job this worker runs, and of each job whose
  // final state this worker wrote (webhooks).
  RedisWorker(RedisWorkerOptions options, RedisJobStore* store, RedisEvents* events,
              JobExecutor* executor, storage::Storage* storage, const core::Clock* clock,
              JobListener* listener = nullptr);
  ~RedisWorker();  // Stop(0)

  // Idle slots take chunks of other workers' split jobs (docs/split.md). Before Start;
  // `taker` must outlive the worker. Without one, slots take whole jobs only.
  void SetChunkTaker(RedisChunkTaker* taker) { chunk_taker_ = taker; }

  void Start();
  // Takes no more entries, lets running renders finish for up to `grace`, then stops them;
  // entries of stopped renders stay pending and are taken over by another worker after
  // the lease. Joins the threads. Idempotent.
  void Stop(std::chrono::milliseconds grace);

  int running() const;

 private:
  void SlotLoop(int slot);
  void Heartbeat();
  // One entry, start to acknowledgement. false: it went back to the queue (its tenant is
  // at its concurrency), so the slot should pause before it reads again.
  bool Handle(RedisQueue& queue, RedisTenantSlots& slots, const QueueEntry& entry);
  // Marks `job` running in Redis and renders it, announcing each change. `slot_tenant`:
  // the tenant whose slot the job holds (the heartbeat extends it), or empty.
  void Render(const QueueEntry& entry, const std::string& consumer, Job job,
              const std::string& slot_tenant);
  // Touches the entries being rendered and lists this worker in Redis.
  void Beat();
  core::Status Fail(const std::string& id, const std::string& message);
  // Writes `job`'s change; false when another final state stood first.
  bool Publish(const Job& job, JobStatus before);
  // Writes a final `job` unless one stands already, then tells the listener.
  void End(const Job& job);

  const RedisWorkerOptions options_;
  RedisJobStore* const store_;
  RedisEvents* const events_;
  JobExecutor* const executor_;
  storage::Storage* const storage_;
  const core::Clock* const clock_;
  JobListener* const listener_;
  RedisChunkTaker* chunk_taker_ = nullptr;

  mutable std::mutex mu_;
  std::map<std::string, std::shared_ptr<LiveJob>> running_;  // guarded by mu_: by job id
  struct Held {
    std::string entry_id;
    std::string consumer;
    std::string slot_tenant;  // empty: the job holds no tenant slot
  };
  std::map<std::string, Held> entries_;  // guarded by mu_: the stream entry of each job
  std::atomic<bool> stopping_{false};
  std::atomic<bool> interrupting_{false};
  std::vector<std::thread> threads_;
  std::thread heartbeat_;
  std::unique_ptr<redis::RedisClient> control_;  // heartbeats and touches: heartbeat thread
};

}  // namespace manimd::jobs
