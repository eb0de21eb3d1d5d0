// Saves and claims are Lua scripts, so that each is one atomic step however many
// processes share the store: a due delivery's score moves to its claim's end in the same
// step that reads it, and no other dispatcher sees it due until then.
#include "webhooks/redis_delivery_store.h"

#include "jobs/redis_keys.h"
#include "webhooks/delivery_codec.h"

namespace manimd::webhooks {
namespace {

namespace keys = jobs::redis_keys;

// KEYS: the document, the due set, the job's list. ARGV: id, document, pending ("1" or
// "0"), next_ms, keep_ms. A pending delivery is kept until it ends; an ended one for
// keep_ms, with its job's list.
const redis::RedisScript kSave = redis::RedisScript::Of(R"(
if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('RPUSH', KEYS[3], ARGV[1]) end
redis.call('SET', KEYS[1], ARGV[2])
if ARGV[3] == '1' then
  redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
  redis.call('PERSIST', KEYS[3])
else
  redis.call('ZREM', KEYS[2], ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
  redis.call('PEXPIRE', KEYS[3], ARGV[5])
end
return 1
)");

// KEYS: the due set. ARGV: now_ms, limit, claimed-until ms, the documents' key prefix.
// Returns the claimed documents, earliest due first; drops ids whose document is gone.
const redis::RedisScript kClaim = redis::RedisScript::Of(R"(
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
local docs = {}
for _, id in ipairs(ids) do
  local doc = redis.call('GET', ARGV[4] .. id)
  if doc then
    redis.call('ZADD', KEYS[1], ARGV[3], id)
    docs[#docs + 1] = doc
  else
    redis.call('ZREM', KEYS[1], id)
  end
end
return docs
)");

core::Result<std::vector<Delivery>> DecodeAll(const std::vector<redis::RedisReply>& docs) {
  std::vector<Delivery> out;
  for (const redis::RedisReply& doc : docs) {
    if (doc.type != redis::RedisReply::Type::kString) continue;
    core::Result<Delivery> d = DecodeDelivery(doc.str);
    if (!d.ok()) return d.status();
    out.push_back(std::move(*d));
  }
  return out;
}

}  // namespace

RedisDeliveryStore::RedisDeliveryStore(redis::RedisClient* client,
                                       RedisDeliveryStoreOptions options)
    : client_(client), options_(options) {}

core::Status RedisDeliveryStore::Save(const Delivery& d) {
  bool pending = d.state == DeliveryState::kPending;
  core::Result<redis::RedisReply> r =
      client_->Eval(kSave, {keys::Webhook(d.id), keys::kWebhooksDue, keys::WebhooksOfJob(d.job_id)},
                    {d.id, EncodeDelivery(d), pending ? "1" : "0", std::to_string(d.next_ms),
                     std::to_string(options_.keep_ms)});
  if (!r.ok())
    return {r.status().code(), "saving webhook delivery " + d.id + ": " + r.status().message()};
  return core::Status::Ok();
}

core::Result<std::vector<Delivery>> RedisDeliveryStore::Due(std::int64_t now_ms, int limit) {
  core::Result<redis::RedisReply> r =
      client_->Eval(kClaim, {keys::kWebhooksDue},
                    {std::to_string(now_ms), std::to_string(limit),
                     std::to_string(now_ms + options_.claim_ms), keys::kWebhookPrefix});
  if (!r.ok()) return r.status();
  return DecodeAll(r->elements);
}

core::Result<std::vector<Delivery>> RedisDeliveryStore::OfJob(const std::string& job_id) {
  core::Result<redis::RedisReply> ids =
      client_->Command({"LRANGE", keys::WebhooksOfJob(job_id), "0", "-1"});
  if (!ids.ok()) return ids.status();
  if (ids->elements.empty()) return std::vector<Delivery>{};
  std::vector<std::string> mget = {"MGET"};
  for (const redis::RedisReply& id : ids->elements) mget.push_back(keys::Webhook(id.str));
  core::Result<redis::RedisReply> docs = client_->Command(mget);
  if (!docs.ok()) return docs.status();
  return DecodeAll(docs->elements);
}

}  // namespace manimd::webhooks
