// Parsing with Boost.JSON's non-throwing parser; the checks follow JSON-RPC 2.0 section 4
// (request object) and 5 (response object) plus MCP's rule that ids are never null.
#include "mcp/json_rpc.h"

#include <boost/json/parse.hpp>

namespace manimd::mcp {
namespace {

namespace json = boost::json;

BodyFault Fault(int code, std::string message, json::value id = nullptr) {
  return BodyFault{RpcError{code, std::move(message), nullptr}, std::move(id)};
}

bool IsId(const json::value& v) { return v.is_string() || v.is_int64() || v.is_uint64(); }

std::variant<Message, BodyFault> FromObject(json::object& o) {
  const json::value* version = o.if_contains("jsonrpc");
  const json::value* id = o.if_contains("id");
  json::value usable_id = id != nullptr && IsId(*id) ? *id : json::value(nullptr);
  if (version == nullptr || !version->is_string() || version->get_string() != "2.0") {
    return Fault(kInvalidRequest, "not a JSON-RPC 2.0 message: \"jsonrpc\" must be \"2.0\"",
                 usable_id);
  }
  if (id != nullptr && !IsId(*id)) {
    return Fault(kInvalidRequest, "id must be a string or an integer");
  }
  Message m;
  m.id = usable_id;
  const json::value* method = o.if_contains("method");
  if (method == nullptr) {
    if (id == nullptr || (!o.contains("result") && !o.contains("error"))) {
      return Fault(kInvalidRequest, "a message needs a \"method\" (or an id with a result)",
                   usable_id);
    }
    m.kind = Message::Kind::kResponse;
    return m;
  }
  if (!method->is_string() || method->get_string().empty()) {
    return Fault(kInvalidRequest, "method must be a non-empty string", usable_id);
  }
  m.method = std::string(method->get_string());
  m.kind = id == nullptr ? Message::Kind::kNotification : Message::Kind::kRequest;
  if (const json::value* params = o.if_contains("params"); params != nullptr) {
    if (!params->is_object()) {
      return Fault(m.kind == Message::Kind::kRequest ? kInvalidParams : kInvalidRequest,
                   "params must be an object", usable_id);
    }
    m.params = params->get_object();
  }
  return m;
}

}  // namespace

std::variant<Message, BodyFault> ParseMessage(std::string_view body) {
  boost::system::error_code ec;
  json::value value = json::parse(body, ec);
  if (ec) return Fault(kParseError, "the body is not JSON: " + ec.message());
  if (value.is_array()) {
    return Fault(kInvalidRequest,
                 "batches are not part of MCP since 2025-06-18: send one message per POST");
  }
  if (!value.is_object()) return Fault(kInvalidRequest, "a message must be a JSON object");
  return FromObject(value.get_object());
}

json::object ResultMessage(const json::value& id, json::object result) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

json::object ErrorMessage(const json::value& id, const RpcError& error) {
  json::object e{{"code", error.code}, {"message", error.message}};
  if (!error.data.is_null()) e["data"] = error.data;
  // MCP's schema makes the id optional on errors instead of JSON-RPC's null.
  if (id.is_null()) return {{"jsonrpc", "2.0"}, {"error", std::move(e)}};
  return {{"jsonrpc", "2.0"}, {"id", id}, {"error", std::move(e)}};
}

json::object NotificationMessage(std::string_view method, json::object params) {
  return {{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}};
}

std::string IdKey(const json::value& id) {
  if (id.is_string()) return "s:" + std::string(id.get_string());
  if (id.is_int64()) return "n:" + std::to_string(id.get_int64());
  if (id.is_uint64()) return "n:" + std::to_string(id.get_uint64());
  return "";
}

}  // namespace manimd::mcp
