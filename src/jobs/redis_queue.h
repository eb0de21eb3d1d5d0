// RedisQueue: the render stream as one worker slot sees it (Redis Streams with a consumer
// group: each entry goes to one consumer and stays pending until acknowledged, so a
// worker that dies loses nothing: after the lease another takes it over with XAUTOCLAIM).
// Delivery is at least once; RedisWorker makes running a job twice harmless.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "redis/redis_client.h"

namespace manimd::jobs {

struct QueueEntry {
  std::string entry_id;  // the stream entry, "1700000000000-0"
  std::string job_id;
  int deliveries = 1;  // times it was handed out, this time included
};

class RedisQueue {
 public:
  // `client` is this slot's own connection: reads block on it. `consumer` names this slot
  // in the group (unique in the cluster).
  RedisQueue(redis::RedisClient* client, std::string consumer)
      : client_(client), consumer_(std::move(consumer)) {}

  // Creates the consumer group (and the stream) unless they exist.
  core::Status EnsureGroup();
  // A new entry, waiting up to `block` for one; nullopt when none came.
  core::Result<std::optional<QueueEntry>> Read(std::chrono::milliseconds block);
  // An entry another consumer took `min_idle` ago or longer without acknowledging or
  // touching it (it died), now ours, with its delivery count; nullopt when there is none.
  core::Result<std::optional<QueueEntry>> Reclaim(std::chrono::milliseconds min_idle);
  // Resets the idle time of entries we hold (a heartbeat while they render).
  core::Status Touch(const std::vector<std::string>& entry_ids);
  // Done with it, whatever the outcome: acknowledged and removed from the stream.
  core::Status Ack(const std::string& entry_id);
  // Not now (its tenant is at its concurrency): the job goes to the end of the stream as
  // a new entry and this one is acknowledged, in one step, so entries behind it pass.
  core::Status PutBack(const QueueEntry& entry);

  const std::string& consumer() const { return consumer_; }

 private:
  redis::RedisClient* const client_;
  const std::string consumer_;
};

}  // namespace manimd::jobs
