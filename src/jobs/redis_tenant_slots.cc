// Each step is one Lua script, so two workers taking the last slot at once cannot both
// win. Lease ends are on Redis's clock (TIME), the one clock every worker shares; Redis 7
// replicates a script's effects, so reading TIME before writing is allowed.
#include "jobs/redis_tenant_slots.h"

#include "jobs/redis_keys.h"

namespace manimd::jobs {
namespace {

using redis::RedisReply;
using redis::RedisScript;

// KEYS: the tenant's ZSET. ARGV: job id, limit, lease ms. 1: taken; 0: full.
const RedisScript kTake = RedisScript::Of(R"lua(
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local lease = tonumber(ARGV[3])
if redis.call('ZSCORE', KEYS[1], ARGV[1]) or
   redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now + lease, ARGV[1])
  redis.call('PEXPIRE', KEYS[1], 2 * lease)
  return 1
end
return 0
)lua");

// KEYS: the tenant's ZSET. ARGV: job id, lease ms. Extends a slot still held.
const RedisScript kHold = RedisScript::Of(R"lua(
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local lease = tonumber(ARGV[2])
if redis.call('ZADD', KEYS[1], 'XX', 'CH', now + lease, ARGV[1]) == 1 then
  redis.call('PEXPIRE', KEYS[1], 2 * lease)
end
return 1
)lua");

}  // namespace

core::Result<bool> RedisTenantSlots::Take(const std::string& tenant, const std::string& job_id,
                                          int limit) {
  core::Result<RedisReply> r =
      client_->Eval(kTake, {redis_keys::TenantRunning(tenant)},
                    {job_id, std::to_string(limit), std::to_string(lease_.count())});
  if (!r.ok()) return r.status().WithContext("taking a slot of tenant " + tenant);
  return r->integer == 1;
}

core::Status RedisTenantSlots::Hold(const std::string& tenant, const std::string& job_id) {
  core::Result<RedisReply> r = client_->Eval(kHold, {redis_keys::TenantRunning(tenant)},
                                             {job_id, std::to_string(lease_.count())});
  return r.ok() ? core::Status::Ok() : r.status();
}

core::Status RedisTenantSlots::Release(const std::string& tenant, const std::string& job_id) {
  core::Result<RedisReply> r =
      client_->Command({"ZREM", redis_keys::TenantRunning(tenant), job_id});
  return r.ok() ? core::Status::Ok() : r.status();
}

}  // namespace manimd::jobs
