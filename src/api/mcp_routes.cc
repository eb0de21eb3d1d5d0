// POST /mcp: the Model Context Protocol over Streamable HTTP (docs/mcp.md). This file is
// the transport: Origin, authorization, headers, one JSON-RPC message per POST, 202 for
// notifications, sessions that only scope cancellations (legacy), and the HTTP statuses
// of a modern (2026-07-28) request's refusals; which era a request is in and what its
// headers must say are mcp/modern_request.h's. What a method means is
// mcp/dispatch.cc's; the work behind tools and tasks is in mcp_tool_calls.cc and
// mcp_task_calls.cc, the modern subscriptions/listen stream in mcp_listen.cc. GET /mcp
// is not routed, so it answers 405: legacy's server-initiated stream is not offered.
#include <boost/beast/core/string.hpp>
#include <optional>
#include <variant>

#include "api/api.h"
#include "api/mcp_calls.h"
#include "api/mcp_reply.h"
#include "api/tenant_jobs.h"
#include "core/log.h"
#include "mcp/call_registry.h"
#include "mcp/dispatch.h"
#include "mcp/json_rpc.h"
#include "mcp/listen_registry.h"
#include "mcp/modern_request.h"
#include "mcp/origin.h"
#include "mcp/protocol.h"

namespace manimd::api {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using http::beast_http::field;
using http::beast_http::status;

constexpr std::string_view kSessionHeader = "Mcp-Session-Id";
constexpr std::string_view kVersionHeader = "MCP-Protocol-Version";
constexpr std::string_view kMethodHeader = "Mcp-Method";
constexpr std::string_view kNameHeader = "Mcp-Name";

// A transport-level refusal: an HTTP error status whose body is a JSON-RPC error without
// an id (the spec's shape), plus the "message" every error of this API has.
http::StringResponse Refuse(status code, const std::string& message, json::value data = nullptr) {
  json::object body = mcp::ErrorMessage(nullptr, {mcp::kInvalidRequest, message, std::move(data)});
  body["message"] = message;
  return http::JsonResponse(code, body);
}

bool Lists(std::string_view header, std::string_view type) {
  std::string lower(header);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.find(type) != std::string::npos;
}

bool IsJsonType(std::string_view content_type) {
  std::string_view mime = content_type.substr(0, content_type.find(';'));
  while (!mime.empty() && mime.back() == ' ') mime.remove_suffix(1);
  return boost::beast::iequals(mime, "application/json");
}

// Visible ASCII, as the spec requires of session ids, and a sane length.
bool IsSessionId(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

// Everything about a POST that is not its message or its key (AuthGuard checked that).
std::optional<http::StringResponse> CheckRequest(const ApiDeps& deps, const http::Request& req) {
  mcp::OriginPolicy origins{deps.config->cors_origins, deps.config->public_url};
  std::string_view origin = req[field::origin];
  if (!mcp::OriginAllowed(origin, req[field::host], origins)) {
    return Refuse(status::forbidden,
                  "Origin " + std::string(origin) +
                      " may not use /mcp; allowed: loopback, PUBLIC_URL and MOTION_HOST_ORIGIN");
  }
  if (!IsJsonType(req[field::content_type])) {
    return Refuse(status::unsupported_media_type, "Content-Type must be application/json");
  }
  std::string_view accept = req[field::accept];
  if (!accept.empty() && !Lists(accept, "application/json") &&
      !Lists(accept, "text/event-stream") && !Lists(accept, "*/*")) {
    return Refuse(status::not_acceptable,
                  "Accept must list application/json and text/event-stream");
  }
  // A legacy revision we do not speak. Any other version is a modern request's, checked
  // with its body (modern_request.h).
  std::string_view version = req[kVersionHeader];
  if (mcp::IsLegacyVersion(version) && !mcp::IsSupportedVersion(version)) {
    return Refuse(status::bad_request, "Unsupported protocol version " + std::string(version),
                  json::object{{"supported", mcp::AllSupportedVersions()}, {"requested", version}});
  }
  std::string_view session = req[kSessionHeader];
  if (req.find(kSessionHeader) != req.end() && !IsSessionId(session)) {
    return Refuse(status::bad_request, "Mcp-Session-Id must be 1-128 visible ASCII characters");
  }
  return std::nullopt;
}

// Cancellations are matched within a session only: request ids repeat across clients.
std::string Scope(const Caller& caller, const http::Request& req) {
  return caller.id + '\n' + std::string(req[kSessionHeader]);
}

http::StringResponse Accepted() {
  http::StringResponse res{status::accepted, 11};
  res.prepare_payload();
  return res;
}

http::StringResponse Notified(const mcp::Message& m, mcp::CallRegistry& calls, const Caller& caller,
                              const http::Request& req) {
  json::value id = mcp::CancelledRequestId(m);
  if (!id.is_null() && !req[kSessionHeader].empty()) {
    int n = calls.Cancel(Scope(caller, req), id);
    core::LogEvent(core::LogLevel::kInfo, "mcp.cancelled",
                   {{"request", mcp::IdKey(id)}, {"matched", std::int64_t{n}}});
  }
  return Accepted();
}

// A modern refusal with its own HTTP status (400 for header, version and capability
// errors, 404 for an unknown method), plus the "message" every error of this API has.
http::StringResponse ModernRefusal(const json::value& id, const mcp::RpcError& error) {
  json::object body = mcp::ErrorMessage(id, error);
  body["message"] = error.message;
  return http::JsonResponse(static_cast<status>(mcp::ModernErrorStatus(error.code)), body);
}

mcp::ArgOptions ArgOptionsFrom(const core::Config& config) {
  BodyOptions body = BodyOptionsFrom(config);
  return mcp::ArgOptions{body.max_code_bytes, body.default_compat};
}

// The context a request is dispatched under; a refusal when it is a modern request whose
// headers and _meta do not pass (streamable-http.mdx, "Server Validation").
std::variant<mcp::RequestContext, http::StringResponse> ContextOf(const ApiDeps& deps,
                                                                  const mcp::Message& m,
                                                                  const http::Request& req) {
  std::string_view version = req[kVersionHeader];
  mcp::RequestContext context{mcp::kModernVersion, ArgOptionsFrom(*deps.config)};
  if (!mcp::IsModernRequest(m, version)) {
    context.version = mcp::EffectiveVersion(version);
    return context;
  }
  auto checked = mcp::CheckModernRequest(m, {version, req[kMethodHeader], req[kNameHeader]});
  if (const auto* error = std::get_if<mcp::RpcError>(&checked)) return ModernRefusal(m.id, *error);
  context.modern = true;
  context.client_tasks = std::get<mcp::ModernRequest>(checked).tasks;
  return context;
}

asio::awaitable<http::Response> PostMcp(const ApiDeps& deps,
                                        std::shared_ptr<mcp::CallRegistry> calls,
                                        mcp::ListenRegistry* listens, http::Exchange& ex) {
  const Caller& caller = CallerOf(ex);
  if (auto refused = CheckRequest(deps, ex.request)) co_return std::move(*refused);
  auto parsed = mcp::ParseMessage(ex.request.body());
  if (const auto* fault = std::get_if<mcp::BodyFault>(&parsed)) {
    json::object body = mcp::ErrorMessage(fault->id, fault->error);
    body["message"] = fault->error.message;
    co_return http::JsonResponse(status::bad_request, body);
  }
  const mcp::Message& m = std::get<mcp::Message>(parsed);
  if (m.kind == mcp::Message::Kind::kResponse) co_return Accepted();  // we never ask
  if (m.kind == mcp::Message::Kind::kNotification) {
    co_return Notified(m, *calls, caller, ex.request);
  }
  auto context = ContextOf(deps, m, ex.request);
  if (auto* refused = std::get_if<http::StringResponse>(&context)) co_return std::move(*refused);
  const mcp::RequestContext& ctx = std::get<mcp::RequestContext>(context);
  mcp::Action action = mcp::Dispatch(m, ctx);
  McpReply reply(ex, Lists(ex.request[field::accept], "text/event-stream"));
  TenantJobs tenant_jobs = JobsFor(deps, ex);
  McpCall call{deps,   ex,     reply,      m.id,       Scope(caller, ex.request),
               *calls, caller, ctx.modern, tenant_jobs};
  if (auto* result = std::get_if<json::object>(&action)) {
    json::object answer = ctx.modern ? mcp::ModernResult(std::move(*result)) : std::move(*result);
    http::StringResponse res =
        http::JsonResponse(status::ok, mcp::ResultMessage(m.id, std::move(answer)));
    // A session only scopes cancellations (docs/mcp.md); nothing else is kept for it.
    // Only legacy requests reach initialize.
    if (m.method == "initialize") res.set(kSessionHeader, jobs::NewJobId());
    co_return res;
  }
  if (auto* error = std::get_if<mcp::RpcError>(&action)) {
    if (ctx.modern && mcp::ModernErrorStatus(error->code) != 200) {
      co_return ModernRefusal(m.id, *error);
    }
    co_return co_await AnswerError(call, *error);
  }
  if (auto* tool = std::get_if<mcp::ToolCall>(&action)) {
    co_return co_await RunToolCall(call, std::move(*tool));
  }
  if (auto* listen = std::get_if<mcp::ListenCall>(&action)) {
    co_return co_await RunListen(call, std::move(*listen), *listens);
  }
  co_return co_await RunTaskCall(call, std::get<mcp::TaskCall>(action));
}

}  // namespace

void AddMcpRoutes(const ApiDeps& deps, http::Router* router) {
  // Owned by the route, so it lives exactly as long as the router that can reach it.
  auto calls = std::make_shared<mcp::CallRegistry>();
  // serve passes its own, so that stopping ends the streams gracefully (CloseAll).
  std::shared_ptr<mcp::ListenRegistry> owned;
  if (deps.listens == nullptr) {
    owned = std::make_shared<mcp::ListenRegistry>(deps.config->mcp_max_listens);
  }
  mcp::ListenRegistry* listens = deps.listens != nullptr ? deps.listens : owned.get();
  router->Add(http::beast_http::verb::post, "/mcp",
              [&deps, calls, owned, listens](http::Exchange& ex) {
                return PostMcp(deps, calls, listens, ex);
              });
}

}  // namespace manimd::api
