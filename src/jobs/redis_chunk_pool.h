// RedisChunkPool: the coordinator's side of chunks rendered across a Redis cluster
// (docs/split.md). The process that took a split job offers its chunks in Redis; idle
// render slots of any worker (RedisChunkTaker, jobs/redis_chunk_taker.h) and the
// coordinator's own (TakeOwn) pop them, one index each; remote results come back as
// records (jobs/chunk_record.h) naming temporary objects in storage.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "jobs/chunk_pool.h"
#include "redis/redis_client.h"
#include "storage/storage.h"

namespace manimd::jobs {

struct RedisChunkPoolOptions {
  redis::RedisAddress address;
  std::string worker_id;                   // this worker's, as in the workers hash
  std::chrono::milliseconds lease{30000};  // WORKER_LEASE_S: a claim's life unrefreshed
  std::chrono::milliseconds ttl{3600000};  // every key's: longer than any split render
};

// Pops the next chunk index of `job_id` still to take and claims it for `taker` for
// `lease`, in one step (a Lua script), so that a chunk is always either still to take
// or claimed. nullopt when none is left. For both sides.
core::Result<std::optional<size_t>> TakeChunk(redis::RedisClient& client, const std::string& job_id,
                                              const std::string& taker,
                                              std::chrono::milliseconds lease);

// The temporary object of chunk `index` of `job_id` ("chunks/<job>/<index>.<ext>").
std::string ChunkObjectKey(const std::string& job_id, size_t index, const std::string& ext);

class RedisChunkPool : public ChunkPool {
 public:
  // `storage` must outlive the pool. Thread-safe.
  RedisChunkPool(RedisChunkPoolOptions options, storage::Storage* storage);

  int IdleSlotsElsewhere() override;
  std::chrono::milliseconds lease() const override { return options_.lease; }
  core::Status Open(const std::string& job_id,
                    const std::vector<render::AnimationRange>& chunks) override;
  core::Result<std::optional<size_t>> TakeOwn(const std::string& job_id) override;
  core::Result<ChunkPoll> Poll(const std::string& job_id, size_t count) override;
  core::Status Fetch(RemoteChunk& chunk, const std::string& dir) override;
  void Discard(const RemoteChunk& chunk) override;
  void Stop(const std::string& job_id) override;
  void Close(const std::string& job_id, size_t count) override;

 private:
  // The records waiting in the job's results list, oldest first; bad ones are logged.
  core::Result<std::vector<RemoteChunk>> Drain(const std::string& job_id, size_t count);

  const RedisChunkPoolOptions options_;
  storage::Storage* const storage_;
  std::unique_ptr<redis::RedisClient> client_;
};

}  // namespace manimd::jobs
