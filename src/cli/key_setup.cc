// The rate limiter gets its own Redis connection: a check runs on every request of a
// limited key and should not wait behind the key lookups on the other one.
#include "cli/key_setup.h"

#include "auth/mem_rate_limiter.h"
#include "jobs/redis_key_store.h"
#include "jobs/redis_rate_limiter.h"
#include "jobs/sqlite_key_store.h"
#include "redis/redis_url.h"

namespace manimd::cli {

core::Result<KeySetup> OpenKeySetup(const core::Config& c, const std::string& sqlite_path,
                                    bool server, const core::Clock* clock) {
  KeySetup setup;
  if (c.redis_url.empty()) {
    core::Result<std::unique_ptr<jobs::SqliteKeyStore>> keys =
        jobs::SqliteKeyStore::Open(sqlite_path);
    if (!keys.ok()) return keys.status();
    setup.keys = std::move(*keys);
    if (server) setup.rate_limiter = std::make_unique<auth::MemRateLimiter>(clock);
    setup.where = sqlite_path;
    return setup;
  }
  core::Result<redis::RedisAddress> address = redis::ParseRedisUrl(c.redis_url);
  if (!address.ok()) return address.status();
  setup.where = address->Describe();
  if (server) {
    setup.keys_client = redis::RedisClient::Lazy(*address, {});
    setup.rate_client = redis::RedisClient::Lazy(*address, {});
    setup.rate_limiter = std::make_unique<jobs::RedisRateLimiter>(setup.rate_client.get());
  } else {
    core::Result<std::unique_ptr<redis::RedisClient>> client =
        redis::RedisClient::Connect(*address, {});
    if (!client.ok()) return client.status();
    setup.keys_client = std::move(*client);
  }
  setup.keys = std::make_unique<jobs::RedisKeyStore>(setup.keys_client.get());
  return setup;
}

}  // namespace manimd::cli
