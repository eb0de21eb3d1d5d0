// JSON-RPC 2.0 as MCP uses it: one message per POST body taken apart into a request, a
// notification or a response, and the messages the server sends back. No transport and
// no MCP methods here (dispatch.h has those).
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <string_view>
#include <variant>

namespace manimd::mcp {

// JSON-RPC's codes, the only ones this server sends.
inline constexpr int kParseError = -32700;
inline constexpr int kInvalidRequest = -32600;
inline constexpr int kMethodNotFound = -32601;
inline constexpr int kInvalidParams = -32602;
inline constexpr int kInternalError = -32603;

struct RpcError {
  int code = kInternalError;
  std::string message;
  boost::json::value data;  // null: no "data" member
};

// One message from the client.
struct Message {
  enum class Kind { kRequest, kNotification, kResponse };
  Kind kind = Kind::kRequest;
  boost::json::value id;       // a string or an integer (requests and responses); else null
  std::string method;          // requests and notifications
  boost::json::object params;  // {} when absent
};

// A body that is not one message: a parse error, a batch (MCP 2025-06-18 removed them),
// or an object that is no JSON-RPC 2.0 message. `id` is the message's id when it had a
// usable one, else null.
struct BodyFault {
  RpcError error;
  boost::json::value id;
};

std::variant<Message, BodyFault> ParseMessage(std::string_view body);

// {"jsonrpc":"2.0","id":id,"result":result}
boost::json::object ResultMessage(const boost::json::value& id, boost::json::object result);
// {"jsonrpc":"2.0","id":id,"error":{"code","message","data"?}}; no "id" when it is null.
boost::json::object ErrorMessage(const boost::json::value& id, const RpcError& error);
// {"jsonrpc":"2.0","method":method,"params":params}
boost::json::object NotificationMessage(std::string_view method, boost::json::object params);

// A request id as a map key: "s:<text>" or "n:<number>", so "1" and 1 stay apart.
std::string IdKey(const boost::json::value& id);

}  // namespace manimd::mcp
