// The filter's shape is schema.ts's SubscriptionFilter plus SEP-2663's taskIds. The
// server must not send what was not asked for, and acknowledges only what it honours.
#include "mcp/subscriptions.h"

#include <algorithm>

#include "mcp/modern_request.h"

namespace manimd::mcp {
namespace {

namespace json = boost::json;

RpcError Invalid(std::string message) {
  return RpcError{kInvalidParams, std::move(message), nullptr};
}

json::object WithSubscription(const json::value& id, json::object params) {
  json::object meta;
  if (const json::value* m = params.if_contains("_meta"); m != nullptr && m->is_object()) {
    meta = m->get_object();
  }
  meta[kSubscriptionIdKey] = id;
  params["_meta"] = std::move(meta);
  return params;
}

}  // namespace

std::variant<ListenCall, RpcError> ParseListen(const json::object& params, bool client_tasks) {
  const json::value* filter = params.if_contains("notifications");
  if (filter == nullptr || !filter->is_object()) {
    return Invalid(
        "params.notifications is required: an object naming what to listen for, such as "
        "{\"taskIds\": [...]}");
  }
  ListenCall call;
  const json::value* ids = filter->get_object().if_contains("taskIds");
  if (ids == nullptr || ids->is_null()) return call;
  if (!client_tasks) return MissingTasksCapability("subscriptions/listen with taskIds");
  constexpr const char* kField = "params.notifications.taskIds";
  if (!ids->is_array()) return Invalid(std::string(kField) + " must be an array of task ids");
  if (ids->get_array().size() > kMaxListenTaskIds) {
    return Invalid(std::string(kField) + " lists more than " + std::to_string(kMaxListenTaskIds) +
                   " task ids; open another subscription for the rest");
  }
  call.tasks_requested = true;
  for (const json::value& id : ids->get_array()) {
    if (!id.is_string() || id.get_string().empty()) {
      return Invalid(std::string(kField) + " must hold non-empty strings (task ids)");
    }
    std::string text(id.get_string());
    if (std::find(call.task_ids.begin(), call.task_ids.end(), text) == call.task_ids.end()) {
      call.task_ids.push_back(std::move(text));
    }
  }
  return call;
}

json::object ListenAcknowledged(const json::value& id, bool tasks_requested,
                                const std::vector<std::string>& agreed) {
  json::object notifications;
  if (tasks_requested) {
    json::array ids;
    for (const std::string& task : agreed) ids.emplace_back(task);
    notifications["taskIds"] = std::move(ids);
  }
  return NotificationMessage(
      "notifications/subscriptions/acknowledged",
      WithSubscription(id, json::object{{"notifications", std::move(notifications)}}));
}

json::object TaskNotification(const json::value& id, json::object task) {
  task.erase("resultType");
  return NotificationMessage("notifications/tasks", WithSubscription(id, std::move(task)));
}

json::object ListenClosedResult(const json::value& id) {
  return json::object{{"_meta", json::object{{kSubscriptionIdKey, id}}}};
}

}  // namespace manimd::mcp
