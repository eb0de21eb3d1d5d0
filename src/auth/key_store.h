// KeyStore: where API keys are kept, beside the jobs (SqliteKeyStore in the job database;
// tests use it on a temporary file). Every request looks its key up here, so a revoke
// takes effect on the next request, in every process that shares the store.
#pragma once

#include <string>
#include <vector>

#include "auth/api_key.h"
#include "core/status.h"

namespace manimd::auth {

class KeyStore {
 public:
  virtual ~KeyStore() = default;
  // Errors: kConflict (the id exists), kInternal. Thread-safe, as every method.
  virtual core::Status Create(const ApiKey& key) = 0;
  // Errors: kNotFound, kInternal.
  virtual core::Result<ApiKey> Get(const std::string& id) = 0;
  // Every key, revoked ones too, oldest first.
  virtual core::Result<std::vector<ApiKey>> List() = 0;
  // Marks the key revoked at `now_ms` (a revoked key stays revoked). Errors: kNotFound.
  virtual core::Status Revoke(const std::string& id, std::int64_t now_ms) = 0;
  // Whether any key is not revoked: then every API request needs one.
  virtual core::Result<bool> AnyActive() = 0;
};

}  // namespace manimd::auth
