// The work behind MCP's tool calls and task operations (mcp/dispatch.h decides which),
// carried out against the job queue and the validation runner: the same paths as POST
// /api/jobs, GET/DELETE /api/jobs/{id} and POST /api/validate. Internal to api/.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>
#include <memory>
#include <string>

#include "api/api.h"
#include "api/mcp_reply.h"
#include "mcp/call_registry.h"
#include "mcp/dispatch.h"
#include "mcp/listen_registry.h"

namespace manimd::api {

// One MCP request being answered.
struct McpCall {
  const ApiDeps& deps;
  http::Exchange& ex;
  McpReply& reply;
  boost::json::value id;     // the request's id
  std::string scope;         // the caller and its session: where cancellations match
  mcp::CallRegistry& calls;  // in-flight requests, for notifications/cancelled
  Caller caller;
  bool modern = false;            // a 2026-07-28 request: results get resultType and serverInfo
  jobs::JobService& tenant_jobs;  // the caller's jobs (TenantJobs)
};

boost::asio::awaitable<http::Response> RunToolCall(McpCall& call, mcp::ToolCall tool);
boost::asio::awaitable<http::Response> RunTaskCall(McpCall& call, const mcp::TaskCall& task);
// A modern subscriptions/listen stream (mcp_listen.cc); `registry` bounds and ends them.
boost::asio::awaitable<http::Response> RunListen(McpCall& call, mcp::ListenCall listen,
                                                 mcp::ListenRegistry& registry);

// Helpers both share (mcp_tool_calls.cc).
enum class FollowEnd { kFinal, kClientGone, kCancelled, kUnavailable };
struct FollowResult {
  FollowEnd end = FollowEnd::kUnavailable;
  jobs::Job job;        // the last state seen (the final one with kFinal)
  core::Status status;  // kUnavailable: why the job could not be watched
};
// Waits for job `id` to be final, sending notifications/progress for `token` (unless
// null) as it moves and keep-alives while it does not. kCancelled: a
// notifications/cancelled named this request. Does not cancel the job itself.
boost::asio::awaitable<FollowResult> FollowJob(McpCall& call, const std::string& id,
                                               const boost::json::value& token);
// The tasks extension's DetailedTask of `job` as tasks/get answers it (and
// notifications/tasks carry it): the Task, with the CallToolResult once completed.
boost::json::object ModernTaskState(const McpCall& call, const jobs::Job& job);
// The job's CallToolResult, its link made absolute for this request.
boost::json::object JobResult(const McpCall& call, const jobs::Job& job, bool failure_is_error);
// Sends `result` (or `error`) as this request's response (modern: mcp::ModernResult). Callers pass
// named values: g++ 12 destroys some temporaries of a co_await expression twice (a braced RpcError
// there crashed the server), so no argument of a co_await is built in place; the
// non-const references make the compiler refuse one.
boost::asio::awaitable<http::Response> Answer(McpCall& call, boost::json::object& result);
boost::asio::awaitable<http::Response> AnswerError(McpCall& call, mcp::RpcError& error);

}  // namespace manimd::api
