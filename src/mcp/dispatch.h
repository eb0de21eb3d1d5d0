// MCP's methods, decided without any I/O: a request becomes either its answer (initialize,
// ping, server/discover, tools/list, every error) or a description of the work it asks
// for (a tool call, a task operation) that the HTTP side carries out. Legacy and modern
// (2026-07-28) requests have different method sets. Unit-testable as a pure function.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "mcp/json_rpc.h"
#include "mcp/subscriptions.h"
#include "mcp/tool_args.h"
#include "mcp/tools.h"

namespace manimd::mcp {

struct RequestContext {
  std::string_view version;  // the protocol version the request is taken under
  ArgOptions args;
  bool modern = false;        // a 2026-07-28 request, its headers checked (modern_request.h)
  bool client_tasks = false;  // modern: the request declared the tasks extension
};

// tools/call, checked: which tool, its arguments, and how the caller wants it run.
struct ToolCall {
  Tool tool = Tool::kGetJob;
  ToolArgs args;
  boost::json::value progress_token;  // params._meta.progressToken; null when absent
  // Answer with a task (render_scene only): legacy, params.task was given; modern, the
  // request declared the tasks extension and did not ask for wait=false.
  bool as_task = false;
};

// kUpdate exists in the modern tasks extension only; kResult and kList in legacy only.
enum class TaskMethod { kGet, kResult, kList, kCancel, kUpdate };

// tasks/get, tasks/result, tasks/cancel, tasks/update (task_id) or tasks/list
// (before_seq: the cursor, 0 for the first page).
struct TaskCall {
  TaskMethod method = TaskMethod::kGet;
  std::string task_id;
  std::int64_t before_seq = 0;
};

// An immediate result, an error to answer with, or work to do (ListenCall: a modern
// subscriptions/listen stream).
using Action = std::variant<boost::json::object, RpcError, ToolCall, TaskCall, ListenCall>;

// REQUIRES: request.kind == kRequest.
Action Dispatch(const Message& request, const RequestContext& context);

// The id a notifications/cancelled names; null when it names none (malformed
// cancellations are ignored, as the spec asks).
boost::json::value CancelledRequestId(const Message& notification);

}  // namespace manimd::mcp
