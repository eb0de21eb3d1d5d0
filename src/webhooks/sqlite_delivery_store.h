// DeliveryStore in a table of the job database (DATA_DIR/jobs.sqlite), on a connection of
// its own: a delivery saved before an attempt is there after a restart.
#pragma once

#include <sqlite3.h>

#include <memory>
#include <mutex>
#include <string>

#include "webhooks/delivery_store.h"

namespace manimd::webhooks {

class SqliteDeliveryStore : public DeliveryStore {
 public:
  // Opens (creating the table if needed) the database at `path`, in WAL mode as the job
  // store leaves it; Due's claims hold `claim_ms`. Errors: kInternal with SQLite's reason.
  static core::Result<std::unique_ptr<SqliteDeliveryStore>> Open(
      const std::string& path, std::int64_t claim_ms = kDefaultClaimMs);
  ~SqliteDeliveryStore() override;

  core::Status Save(const Delivery& delivery) override;
  core::Result<std::vector<Delivery>> Due(std::int64_t now_ms, int limit) override;
  core::Result<std::vector<Delivery>> OfJob(const std::string& job_id) override;

 private:
  SqliteDeliveryStore(sqlite3* db, std::int64_t claim_ms) : claim_ms_(claim_ms), db_(db) {}
  const std::int64_t claim_ms_;
  std::mutex mu_;
  sqlite3* db_;  // guarded by mu_ (opened NOMUTEX)
};

}  // namespace manimd::webhooks
