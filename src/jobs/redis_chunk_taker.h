// RedisChunkTaker: the taker's side of chunks rendered across a Redis cluster
// (docs/split.md). An idle render slot of a worker (RedisWorker::SlotLoop) pops a chunk of
// any split job offered in Redis (jobs/redis_chunk_pool.h), renders it with its own
// runner, slot, sandbox and limits, stores the file as a temporary object and reports the
// result to the job's coordinator. It is not what decides or joins chunks.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include "jobs/chunk_pool.h"
#include "jobs/redis_job_store.h"
#include "redis/redis_client.h"
#include "sandbox/runner.h"
#include "storage/storage.h"

namespace manimd::jobs {

struct RedisChunkTakerOptions {
  redis::RedisAddress address;
  std::string worker_id;                   // this worker's: claims and logs name it
  std::chrono::milliseconds lease{30000};  // WORKER_LEASE_S: a claim's life unrefreshed
  std::chrono::milliseconds ttl{3600000};  // the results list's, as the pool's keys
  std::string staging_dir;                 // chunk directories go here
};

class RedisChunkTaker {
 public:
  // Every pointer must outlive the taker. Thread-safe: each slot thread calls TakeOne.
  RedisChunkTaker(RedisChunkTakerOptions options, RedisJobStore* store, sandbox::Runner* runner,
                  storage::Storage* storage);

  // Takes one chunk of any open split job and renders it, start to report; false when no
  // chunk was there to take. While it renders, it refreshes its claim and publishes the
  // chunk's progress and CPU about four times a second, and cancels the render when the
  // coordinator stops the job or forgot it, or when `interrupt` is set (this worker
  // stopping: the claim is dropped, so the coordinator renders the chunk again).
  bool TakeOne(const std::atomic<bool>& interrupt);

  // Chunks rendering now (for the heartbeat's busy count).
  int busy() const { return busy_.load(); }

 private:
  void Render(const std::string& job_id, size_t index, const std::atomic<bool>& interrupt);
  // Stores the chunk's file (and poster) under their temporary keys; false and an error
  // in the result when storage refused.
  bool Upload(const std::string& job_id, RemoteChunk& chunk);
  void Report(const std::string& job_id, const RemoteChunk& chunk);

  const RedisChunkTakerOptions options_;
  RedisJobStore* const store_;
  sandbox::Runner* const runner_;
  storage::Storage* const storage_;
  std::unique_ptr<redis::RedisClient> client_;
  std::atomic<int> busy_{0};
};

}  // namespace manimd::jobs
