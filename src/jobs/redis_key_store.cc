// A key's hash, the list by creation and the set of active keys change together, in one
// Lua script each, so AnyActive (one SCARD on every keyless request) is always true.
#include "jobs/redis_key_store.h"

#include <charconv>
#include <optional>

#include "jobs/redis_keys.h"

namespace manimd::jobs {
namespace {

using redis::RedisReply;
using redis::RedisScript;

// KEYS: key hash, list, active set. ARGV: id, name, hash, rate, concurrency, quality,
// created_ms, webhook secret. -1: the id exists; 1: stored.
const RedisScript kCreate = RedisScript::Of(R"lua(
if redis.call('EXISTS', KEYS[1]) == 1 then return -1 end
redis.call('HSET', KEYS[1], 'name', ARGV[2], 'hash', ARGV[3], 'rate', ARGV[4],
           'concurrency', ARGV[5], 'quality', ARGV[6], 'created_ms', ARGV[7], 'revoked_ms', 0,
           'webhook_secret', ARGV[8])
redis.call('ZADD', KEYS[2], ARGV[7], ARGV[1])
redis.call('SADD', KEYS[3], ARGV[1])
return 1
)lua");

// KEYS: key hash, active set. ARGV: id, now_ms. -1: no such key; 1: revoked (now or before).
const RedisScript kRevoke = RedisScript::Of(R"lua(
local revoked = redis.call('HGET', KEYS[1], 'revoked_ms')
if not revoked then return -1 end
if revoked == '0' then redis.call('HSET', KEYS[1], 'revoked_ms', ARGV[2]) end
redis.call('SREM', KEYS[2], ARGV[1])
return 1
)lua");

// ARGV: ids. Per id its fields in kFields order (nils for a key deleted meanwhile).
const RedisScript kFetch = RedisScript::Of(R"lua(
local out = {}
for i, id in ipairs(ARGV) do
  out[i] = redis.call('HMGET', 'manimd:apikey:' .. id, 'name', 'hash', 'rate', 'concurrency',
                      'quality', 'created_ms', 'revoked_ms', 'webhook_secret')
end
return out
)lua");

std::int64_t Number(const RedisReply& r) {
  std::int64_t n = 0;
  if (r.type == RedisReply::Type::kString) {
    std::from_chars(r.str.data(), r.str.data() + r.str.size(), n);
  }
  return n;
}

// One row of kFetch; nullopt for a key that is not there.
std::optional<auth::ApiKey> Decode(const std::string& id, const RedisReply& row) {
  if (row.elements.size() != 8 || row.elements[1].nil()) return std::nullopt;
  auth::ApiKey k;
  k.id = id;
  k.name = row.elements[0].str;
  k.hash = row.elements[1].str;
  k.rate_per_min = static_cast<int>(Number(row.elements[2]));
  k.concurrency = static_cast<int>(Number(row.elements[3]));
  if (const std::string& q = row.elements[4].str; !q.empty()) {
    core::Result<render::Quality> quality = render::ParseQuality(q);
    if (quality.ok()) k.max_quality = *quality;
  }
  k.created_ms = Number(row.elements[5]);
  k.revoked_ms = Number(row.elements[6]);
  k.webhook_secret = row.elements[7].str;  // kept as is: signing needs it (nil: none)
  return k;
}

}  // namespace

core::Status RedisKeyStore::Create(const auth::ApiKey& key) {
  std::string quality =
      key.max_quality ? std::string(1, render::QualityLetter(*key.max_quality)) : std::string();
  core::Result<RedisReply> r = client_->Eval(
      kCreate, {redis_keys::ApiKey(key.id), redis_keys::kApiKeys, redis_keys::kActiveApiKeys},
      {key.id, key.name, key.hash, std::to_string(key.rate_per_min),
       std::to_string(key.concurrency), quality, std::to_string(key.created_ms),
       key.webhook_secret});
  if (!r.ok()) return r.status().WithContext("saving key " + key.id);
  if (r->integer == -1) return core::Status(core::Code::kConflict, "key " + key.id + " exists");
  if (key.revoked_ms != 0) return Revoke(key.id, key.revoked_ms);
  return core::Status::Ok();
}

core::Result<auth::ApiKey> RedisKeyStore::Get(const std::string& id) {
  core::Result<RedisReply> r = client_->Eval(kFetch, {}, {id});
  if (!r.ok()) return r.status().WithContext("reading key " + id);
  std::optional<auth::ApiKey> key = r->elements.empty() ? std::nullopt : Decode(id, r->elements[0]);
  if (!key) return core::NotFound("no key " + id);
  return *key;
}

core::Result<std::vector<auth::ApiKey>> RedisKeyStore::List() {
  // Equal creation times come out by id: a ZSET orders equal scores by member.
  core::Result<RedisReply> ids = client_->Command({"ZRANGE", redis_keys::kApiKeys, "0", "-1"});
  if (!ids.ok()) return ids.status().WithContext("listing keys");
  std::vector<std::string> names;
  for (const RedisReply& e : ids->elements) names.push_back(e.str);
  std::vector<auth::ApiKey> keys;
  if (names.empty()) return keys;
  core::Result<RedisReply> rows = client_->Eval(kFetch, {}, names);
  if (!rows.ok()) return rows.status().WithContext("listing keys");
  for (size_t i = 0; i < rows->elements.size() && i < names.size(); ++i) {
    if (std::optional<auth::ApiKey> k = Decode(names[i], rows->elements[i])) keys.push_back(*k);
  }
  return keys;
}

core::Status RedisKeyStore::Revoke(const std::string& id, std::int64_t now_ms) {
  core::Result<RedisReply> r = client_->Eval(
      kRevoke, {redis_keys::ApiKey(id), redis_keys::kActiveApiKeys}, {id, std::to_string(now_ms)});
  if (!r.ok()) return r.status().WithContext("revoking key " + id);
  if (r->integer == -1) return core::NotFound("no key " + id);
  return core::Status::Ok();
}

core::Result<bool> RedisKeyStore::AnyActive() {
  core::Result<RedisReply> r = client_->Command({"SCARD", redis_keys::kActiveApiKeys});
  if (!r.ok()) return r.status().WithContext("looking for API keys");
  return r->integer > 0;
}

}  // namespace manimd::jobs
