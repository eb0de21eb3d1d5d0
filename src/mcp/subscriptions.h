// 2026-07-28's subscriptions/listen (basic/patterns/subscriptions.mdx) as far as manimd
// offers it: the tasks extension's task status notifications (SEP-2663, "Task Status
// Notifications"). The request's filter checked, and the messages of the stream built,
// without I/O; mcp_listen.cc runs the stream. docs/mcp.md, "subscriptions/listen".
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <variant>
#include <vector>

#include "mcp/json_rpc.h"

namespace manimd::mcp {

// The _meta key tying a message to the subscriptions/listen request that opened its stream.
inline constexpr const char* kSubscriptionIdKey = "io.modelcontextprotocol/subscriptionId";
// Task ids one listen may name: each is a watch on a job while the stream is open.
inline constexpr std::size_t kMaxListenTaskIds = 100;

// A subscriptions/listen request, checked.
struct ListenCall {
  bool tasks_requested = false;       // the filter has taskIds (possibly empty)
  std::vector<std::string> task_ids;  // distinct, in the order given
};

// Checks params.notifications (the SubscriptionFilter): an object (-32602 otherwise);
// taskIds, when present, an array of at most kMaxListenTaskIds non-empty strings
// (-32602 naming params.notifications.taskIds), and only from a request that declared
// the tasks extension (`client_tasks`; -32021 otherwise, as SEP-2663 requires). The
// other filter fields (list changes, resource updates) are accepted and left out of the
// acknowledgement: manimd's lists never change and it has no resources.
std::variant<ListenCall, RpcError> ParseListen(const boost::json::object& params,
                                               bool client_tasks);

// notifications/subscriptions/acknowledged for the listen request `id`: the filter the
// server honours, {taskIds: agreed} when task ids were asked for, else {}.
boost::json::object ListenAcknowledged(const boost::json::value& id, bool tasks_requested,
                                       const std::vector<std::string>& agreed);

// notifications/tasks carrying `task` (a DetailedTask, as tasks/get answers it, without
// resultType) on the stream of listen request `id`.
boost::json::object TaskNotification(const boost::json::value& id, boost::json::object task);

// The result that ends a subscription gracefully: {_meta: {subscriptionId}}, to which
// ModernResult adds resultType and serverInfo.
boost::json::object ListenClosedResult(const boost::json::value& id);

}  // namespace manimd::mcp
