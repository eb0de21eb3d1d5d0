// Webhooks for `manimd serve` and `manimd worker`: the signing key from WEBHOOK_SECRET,
// where deliveries wait (the job database's table on a single node, Redis in a cluster),
// the sender, the dispatcher and the listener the job queue or cluster worker calls.
#pragma once

#include <memory>
#include <string>

#include "auth/key_store.h"
#include "core/clock.h"
#include "core/config.h"
#include "jobs/job_store.h"
#include "redis/redis_client.h"
#include "webhooks/dispatcher.h"
#include "webhooks/notifier.h"

namespace manimd::cli {

// A webhook's body: the API's job object (as GET /api/jobs/{id} shows it, links made
// absolute with PUBLIC_URL when set) with its type; the attempts are the receiver's to see.
webhooks::BodyFn WebhookBody(const core::Config& config, std::string manim_version);

class WebhookSetup {
 public:
  // On a single node the deliveries live in the table at `db_path`; with REDIS_URL in
  // Redis, shared with the cluster's other processes. API keys (beside the deliveries) with
  // a webhook secret of their own sign their jobs' webhooks; others are signed with
  // WEBHOOK_SECRET when it is set, else not sent. Errors: kInvalidArgument for a malformed
  // secret or REDIS_URL; kInternal when the tables cannot be opened.
  static core::Result<std::unique_ptr<WebhookSetup>> Open(const core::Config& config,
                                                          const std::string& db_path,
                                                          const core::Clock* clock,
                                                          webhooks::BodyFn body);
  // For the job queue or cluster worker; lives as long as this object.
  jobs::JobListener* listener() { return &notifier_; }
  // Starts sending (what the store kept from before a restart too); each attempt's outcome
  // is written into its job in `jobs`, which must outlive this object.
  void Start(jobs::JobStore* jobs);
  // Stops sending; call before the job store goes. Idempotent.
  void Stop() { dispatcher_.Stop(); }

 private:
  WebhookSetup(const core::Config& config, std::string key,
               std::unique_ptr<redis::RedisClient> redis,
               std::unique_ptr<webhooks::DeliveryStore> store, std::unique_ptr<auth::KeyStore> keys,
               const core::Clock* clock, webhooks::BodyFn body);

  std::unique_ptr<redis::RedisClient> redis_;  // the Redis store's connection, or null
  std::unique_ptr<auth::KeyStore> keys_;       // where per-key secrets are looked up
  std::unique_ptr<webhooks::DeliveryStore> store_;
  webhooks::CurlSender sender_;
  webhooks::Dispatcher dispatcher_;
  webhooks::Notifier notifier_;
};

}  // namespace manimd::cli
