// Every Redis key manimd uses, in one place (docs/scaleout.md lists them for operators).
// Jobs live under "manimd:"; the database is REDIS_URL's.
#pragma once

#include <string>

#include "jobs/job.h"

namespace manimd::jobs::redis_keys {

// HASH per job: doc (EncodeJob JSON), seq, status, progress (JSON), version (changes so
// far, across workers), cancel ("1" once asked).
inline std::string Job(const std::string& id) { return "manimd:job:" + id; }
inline const std::string kSeq = "manimd:jobs:seq";  // STRING counter
inline const std::string kBySeq = "manimd:jobs";    // ZSET id by seq: all jobs
inline std::string ByStatus(JobStatus s) {          // ZSET id by seq, per status
  return std::string("manimd:jobs:status:") + JobStatusName(s);
}
inline const std::string kFinished = "manimd:jobs:finished";  // ZSET id by finished_ms
inline const std::string kQueued = "manimd:queued";           // SET of ids not yet taken
inline const std::string kStream = "manimd:queue";            // STREAM of {id} to render
inline const std::string kGroup = "workers";                  // its consumer group
inline const std::string kEvents = "manimd:events";           // PUBSUB: "<id> <version> <job>"
inline const std::string kCancels = "manimd:cancels";         // PUBSUB: job ids to stop
inline const std::string kWorkers = "manimd:workers";         // HASH worker id -> JSON
// Webhook deliveries (webhooks/redis_delivery_store.h): a STRING per delivery (its JSON),
// a ZSET of pending ones by due (or claimed-until) time, a LIST of ids per job.
inline const std::string kWebhookPrefix = "manimd:webhook:";
inline std::string Webhook(const std::string& id) { return kWebhookPrefix + id; }
inline const std::string kWebhooksDue = "manimd:webhooks:due";
inline std::string WebhooksOfJob(const std::string& job_id) {
  return "manimd:webhooks:job:" + job_id;
}

// The result cache (RedisCacheIndex), each key expiring after JOB_TTL: an entry HASH
// {job, object} per cache key, a SET of the cache keys naming each object, and a STRING
// lock (RedisFlightLock: the owning job id) per cache key being rendered.
inline std::string CacheEntry(const std::string& key) { return "manimd:cache:key:" + key; }
inline std::string CacheByObject(const std::string& object_key) {
  return "manimd:cache:object:" + object_key;
}
inline std::string CacheFlight(const std::string& key) { return "manimd:cache:flight:" + key; }
// API keys (RedisKeyStore): HASH per key (name, hash of the secret, limits, created_ms,
// revoked_ms, the key's own webhook secret), a ZSET of ids by created_ms, and a SET of the ids not
// revoked.
inline std::string ApiKey(const std::string& id) { return "manimd:apikey:" + id; }
inline const std::string kApiKeys = "manimd:apikeys";
inline const std::string kActiveApiKeys = "manimd:apikeys:active";
// STRING per key: its requests in the current minute, expiring with the window.
inline std::string Rate(const std::string& key_id) { return "manimd:rate:" + key_id; }
// ZSET per tenant: the ids of its jobs rendering now, scored by when the slot's lease
// ends (ms, Redis's clock); a crashed worker's slot ends with its lease.
inline std::string TenantRunning(const std::string& tenant) {
  return "manimd:tenant:" + tenant + ":running";
}
// Split renders' chunks offered to other workers (jobs/redis_chunk_pool.h, docs/split.md),
// each key expiring with the split render at the latest: a SET of job ids with chunks to
// take, and per job a LIST of chunk indexes still to take, a HASH index -> "from,upto", a
// STRING claim per chunk being rendered (the taker's id, with a lease), a HASH of the
// remote chunks' progress and CPU, a LIST of remote results (JSON), a STRING stop flag.
inline const std::string kChunksOpen = "manimd:chunks:open";
inline std::string ChunkPrefix(const std::string& job_id) { return "manimd:chunks:" + job_id; }
inline std::string ChunksToTake(const std::string& job_id) { return ChunkPrefix(job_id) + ":todo"; }
inline std::string ChunkRanges(const std::string& job_id) {
  return ChunkPrefix(job_id) + ":ranges";
}
inline std::string ChunkClaimPrefix(const std::string& job_id) {
  return ChunkPrefix(job_id) + ":claim:";
}
inline std::string ChunkState(const std::string& job_id) { return ChunkPrefix(job_id) + ":state"; }
inline std::string ChunkResults(const std::string& job_id) {
  return ChunkPrefix(job_id) + ":results";
}
inline std::string ChunkStop(const std::string& job_id) { return ChunkPrefix(job_id) + ":stop"; }

}  // namespace manimd::jobs::redis_keys
