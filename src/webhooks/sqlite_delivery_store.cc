// One row per delivery: the columns the queries need, and the delivery as a JSON document
// (delivery_codec.h) so new fields need no migration.
#include "webhooks/sqlite_delivery_store.h"

#include "jobs/sqlite_handle.h"
#include "webhooks/delivery_codec.h"

namespace manimd::webhooks {
namespace {

using jobs::sqlite::Statement;

constexpr const char* kSchema = R"(
CREATE TABLE IF NOT EXISTS webhook_deliveries (
  id TEXT PRIMARY KEY,
  job_id TEXT NOT NULL,
  state TEXT NOT NULL,
  next_ms INTEGER NOT NULL,
  doc TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS webhook_deliveries_due ON webhook_deliveries (state, next_ms);
CREATE INDEX IF NOT EXISTS webhook_deliveries_job ON webhook_deliveries (job_id);
)";

core::Result<std::vector<Delivery>> Collect(sqlite3* db, Statement& query) {
  std::vector<Delivery> out;
  int rc;
  while ((rc = query.Step()) == SQLITE_ROW) {
    core::Result<Delivery> d = DecodeDelivery(query.Text(0));
    if (!d.ok()) return d.status();
    out.push_back(std::move(*d));
  }
  if (rc != SQLITE_DONE) return jobs::sqlite::Error(db, "reading webhook deliveries");
  return out;
}

}  // namespace

core::Result<std::unique_ptr<SqliteDeliveryStore>> SqliteDeliveryStore::Open(
    const std::string& path, std::int64_t claim_ms) {
  core::Result<jobs::sqlite::Db> opened = jobs::sqlite::OpenDb(path, "webhook deliveries");
  if (!opened.ok()) return opened.status();
  jobs::sqlite::Db db = std::move(*opened);
  if (sqlite3_exec(db.get(), "PRAGMA synchronous = NORMAL", nullptr, nullptr, nullptr) !=
          SQLITE_OK ||
      sqlite3_exec(db.get(), kSchema, nullptr, nullptr, nullptr) != SQLITE_OK) {
    return jobs::sqlite::Error(db.get(), "creating webhook deliveries in " + path);
  }
  return std::unique_ptr<SqliteDeliveryStore>(new SqliteDeliveryStore(db.release(), claim_ms));
}

SqliteDeliveryStore::~SqliteDeliveryStore() { sqlite3_close_v2(db_); }

core::Status SqliteDeliveryStore::Save(const Delivery& d) {
  std::lock_guard lock(mu_);
  Statement upsert(db_,
                   "INSERT INTO webhook_deliveries (id, job_id, state, next_ms, doc) "
                   "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(id) DO UPDATE SET "
                   "state = excluded.state, next_ms = excluded.next_ms, doc = excluded.doc");
  upsert.Bind(1, d.id).Bind(2, d.job_id).Bind(3, DeliveryStateName(d.state));
  upsert.Bind(4, d.next_ms).Bind(5, EncodeDelivery(d));
  if (upsert.Step() != SQLITE_DONE) {
    return jobs::sqlite::Error(db_, "saving webhook delivery " + d.id);
  }
  return core::Status::Ok();
}

core::Result<std::vector<Delivery>> SqliteDeliveryStore::Due(std::int64_t now_ms, int limit) {
  std::lock_guard lock(mu_);
  Statement query(db_,
                  "SELECT doc FROM webhook_deliveries WHERE state = 'pending' AND next_ms <= ?1 "
                  "ORDER BY next_ms LIMIT ?2");
  query.Bind(1, now_ms).Bind(2, static_cast<std::int64_t>(limit));
  core::Result<std::vector<Delivery>> due = Collect(db_, query);
  if (!due.ok()) return due;
  // The claim moves only the column Due reads; the document keeps its due time.
  for (const Delivery& d : *due) {
    Statement claim(db_, "UPDATE webhook_deliveries SET next_ms = ?1 WHERE id = ?2");
    claim.Bind(1, now_ms + claim_ms_).Bind(2, d.id);
    if (claim.Step() != SQLITE_DONE) {
      return jobs::sqlite::Error(db_, "claiming webhook delivery " + d.id);
    }
  }
  return due;
}

core::Result<std::vector<Delivery>> SqliteDeliveryStore::OfJob(const std::string& job_id) {
  std::lock_guard lock(mu_);
  Statement query(db_, "SELECT doc FROM webhook_deliveries WHERE job_id = ?1 ORDER BY rowid");
  query.Bind(1, job_id);
  return Collect(db_, query);
}

}  // namespace manimd::webhooks
