// The 2026-07-28 ("modern") revision's rules for one request, without I/O: which era a
// request belongs to (basic/versioning.mdx, dual-era servers), the Streamable HTTP header
// checks (basic/transports/streamable-http.mdx, "Server Validation"), the capabilities a
// request declares in its _meta, and what every modern answer carries. Legacy requests
// never come here. docs/mcp.md lists the rules with the spec sections.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "mcp/json_rpc.h"

namespace manimd::mcp {

// The codes 2026-07-28 reserves (basic/index.mdx, "Error codes"; schema.ts).
inline constexpr int kHeaderMismatch = -32020;
inline constexpr int kMissingRequiredClientCapability = -32021;
inline constexpr int kUnsupportedProtocolVersion = -32022;

// The _meta keys of a modern request and result.
inline constexpr const char* kProtocolVersionKey = "io.modelcontextprotocol/protocolVersion";
inline constexpr const char* kClientCapabilitiesKey = "io.modelcontextprotocol/clientCapabilities";
inline constexpr const char* kServerInfoKey = "io.modelcontextprotocol/serverInfo";
// The tasks extension's identifier (SEP-2663), in capabilities' `extensions`.
inline constexpr const char* kTasksExtension = "io.modelcontextprotocol/tasks";

// The headers that mirror the body; "" when absent (an empty value is no value either).
struct RequestHeaders {
  std::string_view protocol_version;  // MCP-Protocol-Version
  std::string_view method;            // Mcp-Method
  std::string_view name;              // Mcp-Name
};

// True when `request` is served under the modern revision: its MCP-Protocol-Version
// header names a version that is not a legacy one, or its params._meta declares a
// protocol version. Everything else (initialize, requests under a negotiated legacy
// revision, requests naming no version at all) keeps the legacy behaviour.
bool IsModernRequest(const Message& request, std::string_view version_header);

// What a modern request declared, once its checks passed.
struct ModernRequest {
  bool tasks = false;  // its clientCapabilities list the tasks extension
};

// Checks a modern request (REQUIRES: IsModernRequest) against its headers, in this
// order: MCP-Protocol-Version present (-32020) and supported (-32022), equal to
// _meta's protocolVersion (-32020); Mcp-Method present and equal to `method`; Mcp-Name
// present and equal to params.name (tools/call) or params.taskId (tasks/*), Base64
// sentinel decoded; _meta's clientCapabilities an object (-32602).
std::variant<ModernRequest, RpcError> CheckModernRequest(const Message& request,
                                                         const RequestHeaders& headers);

// A header value as the spec encodes it: plain visible ASCII (spaces and tabs inside),
// or "=?base64?<Base64 of UTF-8>?=". nullopt when malformed.
std::optional<std::string> DecodeHeaderValue(std::string_view value);

// The HTTP status of a modern error answer: 400 for -32020, -32021, -32022; 404 for
// -32601 (an unknown method); 200 for the rest, whose JSON-RPC error says it all.
int ModernErrorStatus(int code);

// -32021 naming the tasks extension as the capability the request lacked.
RpcError MissingTasksCapability(std::string_view method);

// `result` as every modern answer carries it: resultType ("complete" unless the result
// set one, as CreateTaskResult's "task") and _meta's serverInfo.
boost::json::object ModernResult(boost::json::object result);

}  // namespace manimd::mcp
