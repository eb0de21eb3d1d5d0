// The webhook pieces put together in the order they depend on each other.
#include "cli/webhook_setup.h"

#include <boost/json/serialize.hpp>

#include "api/job_json.h"
#include "core/log.h"
#include "jobs/redis_key_store.h"
#include "jobs/sqlite_key_store.h"
#include "webhooks/redis_delivery_store.h"
#include "webhooks/signature.h"
#include "webhooks/sqlite_delivery_store.h"

namespace manimd::cli {
namespace {

// A claim outlasts one attempt (its timeout) by a margin for saving the outcome.
constexpr std::int64_t kClaimMarginMs = 30000;

core::Result<std::unique_ptr<webhooks::DeliveryStore>> OpenRedisStore(
    const core::Config& c, std::unique_ptr<redis::RedisClient>* client) {
  core::Result<redis::RedisAddress> address = redis::ParseRedisUrl(c.redis_url);
  if (!address.ok()) return address.status();
  *client = redis::RedisClient::Lazy(*address, {});
  webhooks::RedisDeliveryStoreOptions o;
  o.claim_ms = c.webhook_timeout_ms + kClaimMarginMs;
  if (c.job_ttl_s > 0) o.keep_ms = static_cast<std::int64_t>(c.job_ttl_s) * 1000;
  return std::unique_ptr<webhooks::DeliveryStore>(
      std::make_unique<webhooks::RedisDeliveryStore>(client->get(), o));
}

// The key bytes of API key `signer`'s own secret, looked up at each attempt.
webhooks::SignerKeyFn KeyOfSigner(auth::KeyStore* keys) {
  if (keys == nullptr) return {};
  return [keys](const std::string& signer) -> std::optional<std::string> {
    core::Result<auth::ApiKey> k = keys->Get(signer);
    if (!k.ok() || k->webhook_secret.empty()) return std::nullopt;
    core::Result<std::string> bytes = webhooks::DecodeSecret(k->webhook_secret);
    return bytes.ok() ? std::optional<std::string>(std::move(*bytes)) : std::nullopt;
  };
}

// A job's key signs its webhooks when it has a secret of its own; else WEBHOOK_SECRET.
webhooks::SignerFn SignerOfJob(auth::KeyStore* keys, bool global) {
  return [keys, global](const jobs::Job& job) -> std::optional<std::string> {
    if (keys != nullptr && !job.tenant.empty()) {
      core::Result<auth::ApiKey> k = keys->Get(job.tenant);
      if (k.ok() && !k->webhook_secret.empty()) return job.tenant;
    }
    return global ? std::optional<std::string>("") : std::nullopt;
  };
}

}  // namespace

webhooks::BodyFn WebhookBody(const core::Config& c, std::string manim_version) {
  return [public_url = c.public_url, manim_version = std::move(manim_version)](
             const jobs::Job& job, std::string_view type) {
    static const http::Request kNoRequest;  // no client: links stay relative without PUBLIC_URL
    boost::json::object o =
        api::JobJson(job, api::ViewContext{public_url, manim_version, kNoRequest}, false);
    o.erase("webhook");
    o["type"] = type;
    return boost::json::serialize(o);
  };
}

core::Result<std::unique_ptr<WebhookSetup>> WebhookSetup::Open(const core::Config& c,
                                                               const std::string& db_path,
                                                               const core::Clock* clock,
                                                               webhooks::BodyFn body) {
  std::string key;
  if (!c.webhook_secret.empty()) {
    core::Result<std::string> decoded = webhooks::DecodeSecret(c.webhook_secret);
    if (!decoded.ok())
      return core::InvalidArgument("WEBHOOK_SECRET: " + decoded.status().message());
    key = std::move(*decoded);
  }
  std::unique_ptr<redis::RedisClient> redis;
  std::unique_ptr<auth::KeyStore> keys;
  core::Result<std::unique_ptr<webhooks::DeliveryStore>> store =
      std::unique_ptr<webhooks::DeliveryStore>();
  if (!c.redis_url.empty()) {
    store = OpenRedisStore(c, &redis);
    if (store.ok()) keys = std::make_unique<jobs::RedisKeyStore>(redis.get());
  } else {
    core::Result<std::unique_ptr<jobs::SqliteKeyStore>> opened =
        jobs::SqliteKeyStore::Open(db_path);
    if (!opened.ok()) return opened.status();
    keys = std::move(*opened);
    core::Result<std::unique_ptr<webhooks::SqliteDeliveryStore>> sqlite =
        webhooks::SqliteDeliveryStore::Open(db_path, c.webhook_timeout_ms + kClaimMarginMs);
    if (!sqlite.ok()) return sqlite.status();
    store = std::unique_ptr<webhooks::DeliveryStore>(std::move(*sqlite));
  }
  if (!store.ok()) return store.status();
  return std::unique_ptr<WebhookSetup>(new WebhookSetup(c, std::move(key), std::move(redis),
                                                        std::move(*store), std::move(keys), clock,
                                                        std::move(body)));
}

WebhookSetup::WebhookSetup(const core::Config& c, std::string key,
                           std::unique_ptr<redis::RedisClient> redis,
                           std::unique_ptr<webhooks::DeliveryStore> store,
                           std::unique_ptr<auth::KeyStore> keys, const core::Clock* clock,
                           webhooks::BodyFn body)
    : redis_(std::move(redis)),
      keys_(std::move(keys)),
      store_(std::move(store)),
      sender_({c.webhook_allow_private, c.webhook_timeout_ms}),
      dispatcher_({key, c.webhook_max_attempts, c.webhook_retry_base_ms, KeyOfSigner(keys_.get()),
                   c.webhook_concurrency},
                  store_.get(), &sender_, clock),
      notifier_(&dispatcher_, std::move(body), clock, SignerOfJob(keys_.get(), !key.empty())) {}

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
