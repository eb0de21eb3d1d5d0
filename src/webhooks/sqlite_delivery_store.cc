// One row per delivery: the columns the queries need, and the delivery as a JSON document
// (Boost.JSON) so new fields need no migration.
#include "webhooks/sqlite_delivery_store.h"

#include <boost/json.hpp>

#include "jobs/sqlite_handle.h"

namespace manimd::webhooks {
namespace {

namespace json = boost::json;
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

std::string Encode(const Delivery& d) {
  json::object headers;
  for (const auto& [name, value] : d.headers) headers[name] = value;
  return json::serialize(json::object{{"id", d.id},
                                      {"job_id", d.job_id},
                                      {"type", d.type},
                                      {"url", d.url},
                                      {"headers", std::move(headers)},
                                      {"body", d.body},
                                      {"state", DeliveryStateName(d.state)},
                                      {"attempts", d.attempts},
                                      {"next_ms", d.next_ms},
                                      {"last_status", d.last_status},
                                      {"last_error", d.last_error},
                                      {"delivered_ms", d.delivered_ms}});
}

std::string Str(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : "";
}

std::int64_t Int(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_int64() ? v->get_int64() : 0;
}

core::Result<Delivery> Decode(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return core::Internal("a stored webhook delivery is not JSON");
  const json::object& o = v.get_object();
  Delivery d;
  d.id = Str(o, "id");
  d.job_id = Str(o, "job_id");
  d.type = Str(o, "type");
  d.url = Str(o, "url");
  if (const json::value* h = o.if_contains("headers"); h && h->is_object()) {
    for (const auto& [name, value] : h->get_object()) {
      if (value.is_string()) d.headers.emplace_back(name, value.get_string());
    }
  }
  d.body = Str(o, "body");
  std::string state = Str(o, "state");
  d.state = state == "delivered" ? DeliveryState::kDelivered
            : state == "failed"  ? DeliveryState::kFailed
                                 : DeliveryState::kPending;
  d.attempts = static_cast<int>(Int(o, "attempts"));
  d.next_ms = Int(o, "next_ms");
  d.last_status = static_cast<int>(Int(o, "last_status"));
  d.last_error = Str(o, "last_error");
  d.delivered_ms = Int(o, "delivered_ms");
  return d;
}

core::Result<std::vector<Delivery>> Collect(sqlite3* db, Statement& query) {
  std::vector<Delivery> out;
  int rc;
  while ((rc = query.Step()) == SQLITE_ROW) {
    core::Result<Delivery> d = Decode(query.Text(0));
    if (!d.ok()) return d.status();
    out.push_back(std::move(*d));
  }
  if (rc != SQLITE_DONE) return jobs::sqlite::Error(db, "reading webhook deliveries");
  return out;
}

}  // namespace

core::Result<std::unique_ptr<SqliteDeliveryStore>> SqliteDeliveryStore::Open(
    const std::string& path) {
  core::Result<jobs::sqlite::Db> opened = jobs::sqlite::OpenDb(path, "webhook deliveries");
  if (!opened.ok()) return opened.status();
  jobs::sqlite::Db db = std::move(*opened);
  if (sqlite3_exec(db.get(), "PRAGMA synchronous = NORMAL", nullptr, nullptr, nullptr) !=
          SQLITE_OK ||
      sqlite3_exec(db.get(), kSchema, nullptr, nullptr, nullptr) != SQLITE_OK) {
    return jobs::sqlite::Error(db.get(), "creating webhook deliveries in " + path);
  }
  return std::unique_ptr<SqliteDeliveryStore>(new SqliteDeliveryStore(db.release()));
}

SqliteDeliveryStore::~SqliteDeliveryStore() { sqlite3_close_v2(db_); }

core::Status SqliteDeliveryStore::Save(const Delivery& d) {
  std::lock_guard lock(mu_);
  Statement upsert(db_,
                   "INSERT INTO webhook_deliveries (id, job_id, state, next_ms, doc) "
                   "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(id) DO UPDATE SET "
                   "state = excluded.state, next_ms = excluded.next_ms, doc = excluded.doc");
  upsert.Bind(1, d.id).Bind(2, d.job_id).Bind(3, DeliveryStateName(d.state));
  upsert.Bind(4, d.next_ms).Bind(5, Encode(d));
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
  return Collect(db_, query);
}

core::Result<std::vector<Delivery>> SqliteDeliveryStore::OfJob(const std::string& job_id) {
  std::lock_guard lock(mu_);
  Statement query(db_, "SELECT doc FROM webhook_deliveries WHERE job_id = ?1 ORDER BY rowid");
  query.Bind(1, job_id);
  return Collect(db_, query);
}

}  // namespace manimd::webhooks
