// Where this configuration keeps API keys and counts rate limits: in Redis with
// REDIS_URL (every node of a cluster shares them), else the key table of the job database
// under DATA_DIR and a per-process limiter. `manimd serve` and `manimd keys` open theirs
// here, so both always look in the same place.
#pragma once

#include <memory>
#include <string>

#include "auth/key_store.h"
#include "auth/rate_limiter.h"
#include "core/clock.h"
#include "core/config.h"
#include "redis/redis_client.h"

namespace manimd::cli {

struct KeySetup {
  std::unique_ptr<redis::RedisClient> keys_client;  // with REDIS_URL; outlives `keys`
  std::unique_ptr<redis::RedisClient> rate_client;  // with REDIS_URL; outlives the limiter
  std::unique_ptr<auth::KeyStore> keys;
  std::unique_ptr<auth::RateLimiter> rate_limiter;  // only when asked for (a server)
  std::string where;                                // "redis://host:port/db" or the path
};

// `sqlite_path`: the job database, used without REDIS_URL. `server`: a serving process,
// which connects to Redis on first use and again after failures and gets a rate limiter
// (`clock` must then outlive it); else (a command) Redis must answer now. Errors:
// kInvalidArgument (REDIS_URL), kUnavailable (Redis), kInternal (SQLite).
core::Result<KeySetup> OpenKeySetup(const core::Config& config, const std::string& sqlite_path,
                                    bool server, const core::Clock* clock = nullptr);

}  // namespace manimd::cli
