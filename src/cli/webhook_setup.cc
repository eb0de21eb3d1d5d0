// The webhook pieces put together in the order they depend on each other.
#include "cli/webhook_setup.h"

#include "core/log.h"
#include "webhooks/signature.h"

namespace manimd::cli {

core::Result<std::unique_ptr<WebhookSetup>> WebhookSetup::Open(const core::Config& c,
                                                               const std::string& db_path,
                                                               const core::Clock* clock,
                                                               webhooks::BodyFn body) {
  if (c.webhook_secret.empty() || !c.redis_url.empty()) {
    if (!c.webhook_secret.empty()) {
      core::LogEvent(core::LogLevel::kWarn, "webhook.disabled",
                     {{"reason", std::string("webhooks are not sent with REDIS_URL yet")}});
    }
    return std::unique_ptr<WebhookSetup>();
  }
  core::Result<std::string> key = webhooks::DecodeSecret(c.webhook_secret);
  if (!key.ok()) return core::InvalidArgument("WEBHOOK_SECRET: " + key.status().message());
  core::Result<std::unique_ptr<webhooks::SqliteDeliveryStore>> store =
      webhooks::SqliteDeliveryStore::Open(db_path);
  if (!store.ok()) return store.status();
  return std::unique_ptr<WebhookSetup>(
      new WebhookSetup(c, std::move(*key), std::move(*store), clock, std::move(body)));
}

WebhookSetup::WebhookSetup(const core::Config& c, std::string key,
                           std::unique_ptr<webhooks::SqliteDeliveryStore> store,
                           const core::Clock* clock, webhooks::BodyFn body)
    : store_(std::move(store)),
      sender_({c.webhook_allow_private, c.webhook_timeout_ms}),
      dispatcher_({std::move(key), c.webhook_max_attempts, c.webhook_retry_base_ms}, store_.get(),
                  &sender_, clock),
      notifier_(&dispatcher_, std::move(body), clock) {}

void WebhookSetup::Start(jobs::JobStore* jobs) {
  dispatcher_.Start([jobs](const std::string& job_id, const jobs::WebhookState& state) {
    // The job is final, so nothing else writes it any more; a pruned one is gone.
    core::Result<jobs::Job> job = jobs->Get(job_id);
    if (!job.ok()) return;
    job->webhook = state;
    if (core::Status s = jobs->Update(*job); !s.ok()) {
      core::LogEvent(core::LogLevel::kError, "webhook.state_not_saved",
                     {{"job_id", job_id}, {"error", s.message()}});
    }
  });
}

}  // namespace manimd::cli
