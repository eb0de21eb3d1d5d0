// Two directions kept in step: the entry per cache key ({job, object}) and, per object, the
// set of cache keys naming it (the pruner asks "is this video still handed out?" by
// object). Every change to both is one Lua script, atomic in Redis: with separate commands
// a crash or a concurrent Put between them would leave a set naming an entry that moved,
// or an entry no set names, and the pruner would delete a video a hit still hands out.
#include "jobs/redis_cache_index.h"

#include <algorithm>

#include "jobs/redis_keys.h"

namespace manimd::jobs {
namespace {

using redis::RedisReply;
using redis::RedisScript;

// KEYS: entry, object set. ARGV: cache key, job, object, ttl ms, object set prefix. Both
// get the same TTL at every Put, so a set outlives every entry it names.
const RedisScript kPut = RedisScript::Of(R"lua(
local old = redis.call('HGET', KEYS[1], 'object')
if old and old ~= ARGV[3] then redis.call('SREM', ARGV[5] .. old, ARGV[1]) end
redis.call('HSET', KEYS[1], 'job', ARGV[2], 'object', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('PEXPIRE', KEYS[2], ARGV[4])
return 1
)lua");

// KEYS: entry. ARGV: cache key, object set prefix.
const RedisScript kRemove = RedisScript::Of(R"lua(
local old = redis.call('HGET', KEYS[1], 'object')
if old then redis.call('SREM', ARGV[2] .. old, ARGV[1]) end
redis.call('DEL', KEYS[1])
return 1
)lua");

// KEYS: object set. ARGV: object, entry prefix. The job of an entry still naming the
// object, or nil; members whose entry expired or moved are dropped on the way.
const RedisScript kJobForObject = RedisScript::Of(R"lua(
for _, key in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local e = redis.call('HMGET', ARGV[2] .. key, 'job', 'object')
  if e[1] and e[2] == ARGV[1] then return e[1] end
  redis.call('SREM', KEYS[1], key)
end
return false
)lua");

// KEYS: object set. ARGV: object, entry prefix.
const RedisScript kRemoveObject = RedisScript::Of(R"lua(
for _, key in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if redis.call('HGET', ARGV[2] .. key, 'object') == ARGV[1] then
    redis.call('DEL', ARGV[2] .. key)
  end
end
redis.call('DEL', KEYS[1])
return 1
)lua");

const std::string kEntryPrefix = redis_keys::CacheEntry("");
const std::string kObjectPrefix = redis_keys::CacheByObject("");

}  // namespace

core::Result<std::optional<cache::CacheEntry>> RedisCacheIndex::Find(const std::string& key) {
  core::Result<RedisReply> r =
      client_->Command({"HMGET", redis_keys::CacheEntry(key), "job", "object"});
  if (!r.ok()) return r.status().WithContext("reading the render cache");
  if (r->elements.size() != 2 || r->elements[0].nil() || r->elements[1].nil()) {
    return std::optional<cache::CacheEntry>();
  }
  return std::optional<cache::CacheEntry>(
      cache::CacheEntry{r->elements[0].str, r->elements[1].str});
}

core::Status RedisCacheIndex::Put(const std::string& key, const cache::CacheEntry& entry) {
  core::Result<RedisReply> r = client_->Eval(
      kPut, {redis_keys::CacheEntry(key), redis_keys::CacheByObject(entry.object_key)},
      {key, entry.job_id, entry.object_key, std::to_string(std::max<std::int64_t>(1, ttl_.count())),
       kObjectPrefix});
  if (!r.ok()) return r.status().WithContext("writing the render cache");
  return core::Status::Ok();
}

core::Status RedisCacheIndex::Remove(const std::string& key) {
  core::Result<RedisReply> r =
      client_->Eval(kRemove, {redis_keys::CacheEntry(key)}, {key, kObjectPrefix});
  if (!r.ok()) return r.status().WithContext("writing the render cache");
  return core::Status::Ok();
}

core::Result<std::optional<std::string>> RedisCacheIndex::JobForObject(
    const std::string& object_key) {
  core::Result<RedisReply> r = client_->Eval(kJobForObject, {redis_keys::CacheByObject(object_key)},
                                             {object_key, kEntryPrefix});
  if (!r.ok()) return r.status().WithContext("reading the render cache");
  if (r->nil()) return std::optional<std::string>();
  return std::optional<std::string>(r->str);
}

core::Status RedisCacheIndex::RemoveObject(const std::string& object_key) {
  core::Result<RedisReply> r = client_->Eval(kRemoveObject, {redis_keys::CacheByObject(object_key)},
                                             {object_key, kEntryPrefix});
  if (!r.ok()) return r.status().WithContext("writing the render cache");
  return core::Status::Ok();
}

}  // namespace manimd::jobs
