// Error codes follow the 2025-11-25 spec: an unknown method is -32601, an unknown tool
// or a bad argument -32602, a task-augmented call of a tool that does not run as a task
// -32601 (tasks.mdx, tool-level negotiation). Modern requests follow 2026-07-28: no
// initialize or ping (changelog, major changes 2 and 5), server/discover, and the tasks
// extension (SEP-2663) in place of core tasks: no tasks/result or tasks/list, tasks/update
// added, and the server (not params.task) deciding when a call becomes a task;
// subscriptions/listen for the extension's task notifications (subscriptions.h).
#include "mcp/dispatch.h"

#include <charconv>

#include "mcp/modern_request.h"
#include "mcp/protocol.h"

namespace manimd::mcp {
namespace {

namespace json = boost::json;

RpcError Invalid(std::string message) {
  return RpcError{kInvalidParams, std::move(message), nullptr};
}

Action Initialize(const Message& m) {
  const json::value* v = m.params.if_contains("protocolVersion");
  if (v == nullptr || !v->is_string()) {
    return Invalid("initialize needs params.protocolVersion (a string such as \"" +
                   std::string(kNewestVersion) + "\")");
  }
  return InitializeResult(NegotiateVersion(v->get_string()));
}

json::value ProgressToken(const json::object& params) {
  const json::value* meta = params.if_contains("_meta");
  if (meta == nullptr || !meta->is_object()) return nullptr;
  const json::value* token = meta->get_object().if_contains("progressToken");
  if (token == nullptr || !(token->is_string() || token->is_int64() || token->is_uint64())) {
    return nullptr;
  }
  return *token;
}

Action CallTool(const Message& m, const RequestContext& context) {
  const json::value* name = m.params.if_contains("name");
  if (name == nullptr || !name->is_string()) return Invalid("tools/call needs params.name");
  std::optional<Tool> tool = ParseTool(name->get_string());
  if (!tool) return Invalid("Unknown tool: " + std::string(name->get_string()));
  json::object none;
  const json::object* arguments = &none;
  if (const json::value* a = m.params.if_contains("arguments"); a != nullptr && !a->is_null()) {
    if (!a->is_object()) return Invalid("params.arguments must be an object");
    arguments = &a->get_object();
  }
  ToolCall call;
  call.tool = *tool;
  call.progress_token = ProgressToken(m.params);
  // Before 2025-11-25 there are no tasks: a `task` member is then ignored, as the spec
  // asks of receivers that did not declare the capability. Modern clients do not ask.
  if (const json::value* task = m.params.if_contains("task");
      task != nullptr && !task->is_null() && !context.modern && HasTasks(context.version)) {
    if (!task->is_object()) return Invalid("params.task must be an object");
    if (!ToolSupportsTasks(*tool)) {
      return RpcError{kMethodNotFound,
                      std::string(ToolName(*tool)) +
                          " does not run as a task (taskSupport "
                          "forbidden); call it without params.task",
                      nullptr};
    }
    call.as_task = true;
  }
  auto args = ParseToolArgs(*tool, *arguments, context.args);
  if (RpcError* e = std::get_if<RpcError>(&args)) return std::move(*e);
  call.args = std::move(std::get<ToolArgs>(args));
  // A render is long: whoever can take a task gets one ("the server is the sole
  // decider", SEP-2663), unless it asked to be answered at once with wait=false.
  if (context.modern && context.client_tasks && ToolSupportsTasks(*tool)) {
    call.as_task = std::get<SceneArgs>(call.args).wait;
  }
  return call;
}

Action Task(const Message& m, TaskMethod method) {
  TaskCall call;
  call.method = method;
  if (method == TaskMethod::kList) {
    const json::value* cursor = m.params.if_contains("cursor");
    if (cursor == nullptr || cursor->is_null()) return call;
    std::string_view text = cursor->is_string() ? std::string_view(cursor->get_string()) : "";
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), call.before_seq);
    if (text.empty() || ec != std::errc() || p != text.data() + text.size() ||
        call.before_seq < 1) {
      return Invalid("Invalid cursor: use a nextCursor from an earlier tasks/list");
    }
    return call;
  }
  const json::value* id = m.params.if_contains("taskId");
  if (id == nullptr || !id->is_string() || id->get_string().empty()) {
    return Invalid(m.method + " needs params.taskId");
  }
  call.task_id = std::string(id->get_string());
  return call;
}

Action DispatchModern(const Message& m, const RequestContext& context) {
  const std::string& method = m.method;
  if (method == "server/discover") return DiscoverResult();
  if (method == "tools/list") {
    return json::object{
        {"tools", ToolDefinitions(false)}, {"ttlMs", kListTtlMs}, {"cacheScope", "public"}};
  }
  if (method == "tools/call") return CallTool(m, context);
  if (method == "subscriptions/listen") {
    auto listen = ParseListen(m.params, context.client_tasks);
    if (RpcError* e = std::get_if<RpcError>(&listen)) return std::move(*e);
    return std::get<ListenCall>(std::move(listen));
  }
  if (method == "tasks/get" || method == "tasks/cancel" || method == "tasks/update") {
    // Extension methods answer only those that negotiated the extension (versioning.mdx,
    // "Extension Negotiation": revert to core behaviour or refuse).
    if (!context.client_tasks) return MissingTasksCapability(method);
    if (method == "tasks/get") return Task(m, TaskMethod::kGet);
    if (method == "tasks/cancel") return Task(m, TaskMethod::kCancel);
    return Task(m, TaskMethod::kUpdate);
  }
  return RpcError{kMethodNotFound, "Method not found: " + method, nullptr};
}

}  // namespace

Action Dispatch(const Message& m, const RequestContext& context) {
  if (context.modern) return DispatchModern(m, context);
  const std::string& method = m.method;
  if (method == "initialize") return Initialize(m);
  if (method == "ping") return json::object{};
  if (method == "tools/list")
    return json::object{{"tools", ToolDefinitions(HasTasks(context.version))}};
  if (method == "tools/call") return CallTool(m, context);
  if (HasTasks(context.version)) {
    if (method == "tasks/get") return Task(m, TaskMethod::kGet);
    if (method == "tasks/result") return Task(m, TaskMethod::kResult);
    if (method == "tasks/list") return Task(m, TaskMethod::kList);
    if (method == "tasks/cancel") return Task(m, TaskMethod::kCancel);
  }
  return RpcError{kMethodNotFound, "Method not found: " + method, nullptr};
}

json::value CancelledRequestId(const Message& m) {
  if (m.method != "notifications/cancelled") return nullptr;
  const json::value* id = m.params.if_contains("requestId");
  if (id == nullptr || !(id->is_string() || id->is_int64() || id->is_uint64())) return nullptr;
  return *id;
}

}  // namespace manimd::mcp
