// A delivery as one JSON document (Boost.JSON): how the SQLite and Redis stores keep it.
#include "webhooks/delivery_codec.h"

#include <boost/json.hpp>

namespace manimd::webhooks {
namespace {

namespace json = boost::json;

std::string Str(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : "";
}

std::int64_t Int(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_int64() ? v->get_int64() : 0;
}

}  // namespace

std::string EncodeDelivery(const Delivery& d) {
  json::object headers;
  for (const auto& [name, value] : d.headers) headers[name] = value;
  return json::serialize(json::object{{"id", d.id},
                                      {"job_id", d.job_id},
                                      {"type", d.type},
                                      {"url", d.url},
                                      {"headers", std::move(headers)},
                                      {"body", d.body},
                                      {"signer", d.signer},
                                      {"state", DeliveryStateName(d.state)},
                                      {"attempts", d.attempts},
                                      {"next_ms", d.next_ms},
                                      {"last_status", d.last_status},
                                      {"last_error", d.last_error},
                                      {"delivered_ms", d.delivered_ms}});
}

core::Result<Delivery> DecodeDelivery(std::string_view text) {
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
  d.signer = Str(o, "signer");
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

}  // namespace manimd::webhooks
