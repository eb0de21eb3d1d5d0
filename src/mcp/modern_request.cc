// Each rule cites the 2026-07-28 text it follows. Headers are compared with the body
// because intermediaries route on the headers while the server acts on the body: a
// request whose two disagree is refused rather than guessed at (streamable-http.mdx).
#include "mcp/modern_request.h"

#include <openssl/evp.h>

#include "mcp/protocol.h"

namespace manimd::mcp {
namespace {

namespace json = boost::json;

constexpr std::string_view kSentinelStart = "=?base64?";
constexpr std::string_view kSentinelEnd = "?=";

// A client's value quoted in a message: printable ASCII only (a decoded Mcp-Name may be
// any bytes, not even UTF-8) and at most 128 characters.
std::string Printable(std::string_view value) {
  std::string out;
  for (char c : value.substr(0, 128)) out += c >= 0x20 && c <= 0x7e ? c : '?';
  if (value.size() > 128) out += "...";
  return out;
}

std::string Echo(std::string_view value) { return "'" + Printable(value) + "'"; }

RpcError Mismatch(std::string message) {
  return RpcError{kHeaderMismatch, "Header mismatch: " + std::move(message), nullptr};
}

const json::object* Meta(const Message& m) {
  const json::value* meta = m.params.if_contains("_meta");
  return meta != nullptr && meta->is_object() ? &meta->get_object() : nullptr;
}

const json::value* MetaField(const Message& m, std::string_view key) {
  const json::object* meta = Meta(m);
  return meta == nullptr ? nullptr : meta->if_contains(key);
}

// The body value Mcp-Name mirrors, and where it is: params.name for tools/call (the
// transport's table), params.taskId for the tasks extension's methods (SEP-2663,
// "Streamable HTTP: Routing Headers"). nullopt: the method has none.
std::optional<std::pair<std::string_view, const char*>> NamedValue(const Message& m) {
  const char* field = nullptr;
  if (m.method == "tools/call") field = "name";
  if (m.method == "tasks/get" || m.method == "tasks/update" || m.method == "tasks/cancel") {
    field = "taskId";
  }
  if (field == nullptr) return std::nullopt;
  const json::value* v = m.params.if_contains(field);
  std::string_view value = v != nullptr && v->is_string() ? std::string_view(v->get_string()) : "";
  return std::make_pair(value, field);
}

std::optional<RpcError> CheckVersion(const Message& m, std::string_view header) {
  if (header.empty()) return Mismatch("the MCP-Protocol-Version header is required");
  if (header != kModernVersion) {  // a legacy version never comes here
    return RpcError{
        kUnsupportedProtocolVersion, "Unsupported protocol version",
        json::object{{"supported", AllSupportedVersions()}, {"requested", Printable(header)}}};
  }
  const json::value* body = MetaField(m, kProtocolVersionKey);
  if (body == nullptr || !body->is_string()) {
    return Mismatch("params._meta[\"" + std::string(kProtocolVersionKey) +
                    "\"] is missing; it must equal the MCP-Protocol-Version header " +
                    Echo(header));
  }
  if (body->get_string() != header) {
    return Mismatch("MCP-Protocol-Version header value " + Echo(header) +
                    " does not match body value " + Echo(body->get_string()));
  }
  return std::nullopt;
}

std::optional<RpcError> CheckMethodAndName(const Message& m, const RequestHeaders& h) {
  if (h.method.empty()) return Mismatch("the Mcp-Method header is required");
  if (h.method != m.method) {
    return Mismatch("Mcp-Method header value " + Echo(h.method) + " does not match body value " +
                    Echo(m.method));
  }
  auto named = NamedValue(m);
  if (!named) return std::nullopt;
  if (h.name.empty()) {
    return Mismatch("the Mcp-Name header is required for " + m.method + " (params." +
                    named->second + ")");
  }
  std::optional<std::string> name = DecodeHeaderValue(h.name);
  if (!name) {
    return Mismatch("Mcp-Name header value is malformed: visible ASCII, or =?base64?...?=");
  }
  if (*name != named->first) {
    return Mismatch("Mcp-Name header value " + Echo(*name) + " does not match body value " +
                    Echo(named->first) + " (params." + named->second + ")");
  }
  return std::nullopt;
}

bool IsPlainHeaderChar(char c) { return c == '\t' || (c >= 0x20 && c <= 0x7e); }

}  // namespace

bool IsModernRequest(const Message& m, std::string_view version_header) {
  if (!version_header.empty()) return !IsLegacyVersion(version_header);
  return MetaField(m, kProtocolVersionKey) != nullptr;
}

std::variant<ModernRequest, RpcError> CheckModernRequest(const Message& m,
                                                         const RequestHeaders& h) {
  if (auto e = CheckVersion(m, h.protocol_version)) return std::move(*e);
  if (auto e = CheckMethodAndName(m, h)) return std::move(*e);
  // Capabilities travel with every request and are never inferred from earlier ones
  // (schema.ts, RequestMetaObject): required, {} declaring none.
  const json::value* caps = MetaField(m, kClientCapabilitiesKey);
  if (caps == nullptr || !caps->is_object()) {
    return RpcError{kInvalidParams,
                    "params._meta[\"" + std::string(kClientCapabilitiesKey) +
                        "\"] is required: an object, {} when the client declares none",
                    nullptr};
  }
  ModernRequest out;
  if (const json::value* ext = caps->get_object().if_contains("extensions");
      ext != nullptr && ext->is_object()) {
    out.tasks = ext->get_object().contains(kTasksExtension);
  }
  return out;
}

std::optional<std::string> DecodeHeaderValue(std::string_view value) {
  if (value.size() >= kSentinelStart.size() + kSentinelEnd.size() &&
      value.starts_with(kSentinelStart) && value.ends_with(kSentinelEnd)) {
    std::string_view b64 = value.substr(kSentinelStart.size(),
                                        value.size() - kSentinelStart.size() - kSentinelEnd.size());
    if (b64.size() % 4 != 0 || b64.size() > 8192) return std::nullopt;
    // OpenSSL's decoder (already linked for SigV4) rather than one of our own. It
    // writes padding as zero bytes, which are trimmed after.
    std::string out(b64.size() / 4 * 3, '\0');
    int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                            reinterpret_cast<const unsigned char*>(b64.data()),
                            static_cast<int>(b64.size()));
    if (n < 0) return std::nullopt;
    size_t padding = b64.ends_with("==") ? 2 : b64.ends_with("=") ? 1 : 0;
    out.resize(static_cast<size_t>(n) - padding);
    return out;
  }
  for (char c : value) {
    if (!IsPlainHeaderChar(c)) return std::nullopt;
  }
  return std::string(value);
}

int ModernErrorStatus(int code) {
  switch (code) {
    case kHeaderMismatch:
    case kMissingRequiredClientCapability:
    case kUnsupportedProtocolVersion:
      return 400;
    case kMethodNotFound:
      return 404;
    default:
      return 200;
  }
}

RpcError MissingTasksCapability(std::string_view method) {
  json::object required{{"extensions", json::object{{kTasksExtension, json::object{}}}}};
  return RpcError{kMissingRequiredClientCapability,
                  "Missing required client capability: " + std::string(method) + " needs the " +
                      kTasksExtension + " extension in clientCapabilities",
                  json::object{{"requiredCapabilities", std::move(required)}}};
}

json::object ModernResult(json::object result) {
  if (!result.contains("resultType")) result["resultType"] = "complete";
  json::object meta;
  if (const json::value* m = result.if_contains("_meta"); m != nullptr && m->is_object()) {
    meta = m->get_object();
  }
  meta[kServerInfoKey] = ServerInfo();
  result["_meta"] = std::move(meta);
  return result;
}

}  // namespace manimd::mcp
