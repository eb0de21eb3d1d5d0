// Webhooks for `manimd serve` on a single node: the signing key from WEBHOOK_SECRET, the
// deliveries' table in the job database, the sender, the dispatcher and the listener the
// job queue calls. A Redis cluster sends none yet (docs/webhooks.md says so).
#pragma once

#include <memory>
#include <string>

#include "core/clock.h"
#include "core/config.h"
#include "jobs/job_store.h"
#include "webhooks/dispatcher.h"
#include "webhooks/notifier.h"
#include "webhooks/sqlite_delivery_store.h"

namespace manimd::cli {

class WebhookSetup {
 public:
  // Null (and no error) when WEBHOOK_SECRET is unset or REDIS_URL is set. Errors:
  // kInvalidArgument for a malformed secret; kInternal when the table cannot be opened.
  static core::Result<std::unique_ptr<WebhookSetup>> Open(const core::Config& config,
                                                          const std::string& db_path,
                                                          const core::Clock* clock,
                                                          webhooks::BodyFn body);
  // For the job queue; lives as long as this object.
  jobs::JobListener* listener() { return &notifier_; }
  // Starts sending (what the table kept from before a restart too); each attempt's outcome
  // is written into its job in `jobs`, which must outlive this object.
  void Start(jobs::JobStore* jobs);
  // Stops sending; call before the job store goes. Idempotent.
  void Stop() { dispatcher_.Stop(); }

 private:
  WebhookSetup(const core::Config& config, std::string key,
               std::unique_ptr<webhooks::SqliteDeliveryStore> store, const core::Clock* clock,
               webhooks::BodyFn body);

  std::unique_ptr<webhooks::SqliteDeliveryStore> store_;
  webhooks::CurlSender sender_;
  webhooks::Dispatcher dispatcher_;
  webhooks::Notifier notifier_;
};

}  // namespace manimd::cli
