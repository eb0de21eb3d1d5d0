// Renew and Unlock compare the owner and act in one script: a GET then a PEXPIRE/DEL could
// touch a lock whose lease ran out in between and that another worker now holds.
#include "jobs/redis_flight_lock.h"

#include <algorithm>

#include "jobs/redis_keys.h"

namespace manimd::jobs {
namespace {

using redis::RedisReply;
using redis::RedisScript;

// KEYS: lock. ARGV: owner, lease ms. 1: renewed; 0: not (no longer) the owner's.
const RedisScript kRenew = RedisScript::Of(R"lua(
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
)lua");

// KEYS: lock. ARGV: owner.
const RedisScript kUnlock = RedisScript::Of(R"lua(
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
)lua");

std::string Ms(std::chrono::milliseconds lease) {
  return std::to_string(std::max<std::int64_t>(1, lease.count()));
}

}  // namespace

core::Result<bool> RedisFlightLock::TryLock(const std::string& key, const std::string& owner,
                                            std::chrono::milliseconds lease) {
  core::Result<RedisReply> r =
      client_->Command({"SET", redis_keys::CacheFlight(key), owner, "NX", "PX", Ms(lease)});
  if (!r.ok()) return r.status().WithContext("taking the render cache's lock");
  return !r->nil();
}

core::Result<bool> RedisFlightLock::Renew(const std::string& key, const std::string& owner,
                                          std::chrono::milliseconds lease) {
  core::Result<RedisReply> r =
      client_->Eval(kRenew, {redis_keys::CacheFlight(key)}, {owner, Ms(lease)});
  if (!r.ok()) return r.status().WithContext("renewing the render cache's lock");
  return r->integer == 1;
}

core::Status RedisFlightLock::Unlock(const std::string& key, const std::string& owner) {
  core::Result<RedisReply> r = client_->Eval(kUnlock, {redis_keys::CacheFlight(key)}, {owner});
  if (!r.ok()) return r.status().WithContext("releasing the render cache's lock");
  return core::Status::Ok();
}

}  // namespace manimd::jobs
