// RedisKeyStore: API keys in the cluster's Redis (REDIS_URL), so that every API node
// reads the same keys and `manimd keys` run anywhere with that REDIS_URL manages them.
// As in SqliteKeyStore, only the secret's hash is kept. Layout: redis_keys.h.
#pragma once

#include "auth/key_store.h"
#include "redis/redis_client.h"

namespace manimd::jobs {

class RedisKeyStore : public auth::KeyStore {
 public:
  // `client` must outlive the store; it may be shared (its calls are serialized).
  explicit RedisKeyStore(redis::RedisClient* client) : client_(client) {}

  // auth::KeyStore. Errors also kUnavailable when Redis cannot be reached.
  core::Status Create(const auth::ApiKey& key) override;
  core::Result<auth::ApiKey> Get(const std::string& id) override;
  core::Result<std::vector<auth::ApiKey>> List() override;
  core::Status Revoke(const std::string& id, std::int64_t now_ms) override;
  core::Result<bool> AnyActive() override;

 private:
  redis::RedisClient* const client_;
};

}  // namespace manimd::jobs
