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

}  // namespace manimd::jobs::redis_keys
