// subscriptions/listen (MCP 2026-07-28, basic/patterns/subscriptions.mdx) for the tasks
// extension's notifications/tasks (SEP-2663): an event stream that acknowledges the
// caller's own tasks among those it named, then carries each one's DetailedTask (what
// tasks/get answers) whenever its status changes, until all are over, the client leaves
// or the server stops. Other tenants' tasks are left out of the acknowledgement, as
// unknown ones are: whether they exist is not the caller's business (TenantJobs).
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <mutex>
#include <optional>
#include <vector>

#include "api/mcp_calls.h"
#include "core/log.h"
#include "http/async_event.h"
#include "mcp/listen_registry.h"
#include "mcp/modern_request.h"
#include "mcp/subscriptions.h"
#include "mcp/task_json.h"

namespace manimd::api {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using http::beast_http::status;

// The newest state of each watched task, handed from the job threads to the stream.
// Sized once before any watch starts, so the watches never see it move.
struct TaskStates {
  struct Slot {
    jobs::Job job;
    std::uint64_t version = 0;
    bool has = false;
  };
  explicit TaskStates(std::size_t n) : slots(n) {}
  std::mutex mu;
  std::vector<Slot> slots;  // guarded by mu
};

// A refusal before the stream starts: the JSON-RPC error with the request's id, plus the
// "message" every error of this API has.
http::StringResponse Refusal(status code, const json::value& id, int rpc_code,
                             const std::string& message) {
  json::object body = mcp::ErrorMessage(id, mcp::RpcError{rpc_code, message, nullptr});
  body["message"] = message;
  http::StringResponse res = http::JsonResponse(code, body);
  if (code == status::too_many_requests) res.set(http::beast_http::field::retry_after, "5");
  return res;
}

std::optional<http::StringResponse> Admit(McpCall& call, mcp::ListenRegistry& registry,
                                          std::shared_ptr<http::AsyncEvent> stop,
                                          mcp::ListenRegistry::Handle* handle) {
  if (!call.reply.sse_accepted()) {
    return Refusal(status::not_acceptable, call.id, mcp::kInvalidRequest,
                   "subscriptions/listen answers with an event stream: Accept must list "
                   "text/event-stream");
  }
  switch (registry.Open(
      call.caller.id, [stop] { stop->Set(); }, handle)) {
    case mcp::ListenRegistry::Refusal::kNone:
      return std::nullopt;
    case mcp::ListenRegistry::Refusal::kTooMany:
      return Refusal(status::too_many_requests, call.id, mcp::kInvalidRequest,
                     "too many open subscriptions/listen streams for this client (" +
                         std::to_string(registry.per_caller()) +
                         ", MCP_MAX_LISTENS); close one first");
    case mcp::ListenRegistry::Refusal::kClosing:
      break;
  }
  return Refusal(status::service_unavailable, call.id, mcp::kInternalError,
                 "the server is stopping; open the subscription again once it is back");
}

// The stream's state: the tasks it agreed to watch, and the status last sent for each.
struct Watched {
  std::vector<std::string> ids;
  std::vector<std::size_t> slots;  // into TaskStates
  std::vector<jobs::JobWatch> watches;
  std::vector<std::string> sent;  // "" until the first notification
};

Watched WatchTasks(McpCall& call, const mcp::ListenCall& listen,
                   const std::shared_ptr<TaskStates>& states,
                   const std::shared_ptr<http::AsyncEvent>& wake) {
  Watched w;
  for (std::size_t slot = 0; slot < listen.task_ids.size(); ++slot) {
    // Another tenant's task is "not found" here: left out, never watched.
    core::Result<jobs::JobWatch> watch = call.tenant_jobs.Watch(
        listen.task_ids[slot], [states, wake, slot](const jobs::Job& j, std::uint64_t version) {
          {
            std::lock_guard lock(states->mu);
            TaskStates::Slot& s = states->slots[slot];
            if (s.has && version < s.version) return;  // arrived late
            s.job = j;
            s.version = version;
            s.has = true;
          }
          wake->Set();
        });
    if (!watch.ok()) continue;
    w.ids.push_back(listen.task_ids[slot]);
    w.slots.push_back(slot);
    w.watches.push_back(std::move(*watch));
    w.sent.emplace_back();
  }
  return w;
}

// Sends notifications/tasks for every watched task whose status changed since the last
// one. *all_over: every task is terminal and said so. False when the client is gone.
asio::awaitable<bool> SendChanges(McpCall& call, TaskStates& states, Watched& w, bool* all_over) {
  *all_over = true;
  for (std::size_t i = 0; i < w.ids.size(); ++i) {
    jobs::Job job;
    {
      std::lock_guard lock(states.mu);
      const TaskStates::Slot& s = states.slots[w.slots[i]];
      if (!s.has) {
        *all_over = false;
        continue;
      }
      job = s.job;
    }
    const char* name = mcp::ModernTaskStatusName(job.status);
    if (!jobs::IsFinal(job.status)) *all_over = false;
    if (w.sent[i] == name) continue;
    w.sent[i] = name;
    json::object note = mcp::TaskNotification(call.id, ModernTaskState(call, job));
    if (!co_await call.reply.Notify(note)) co_return false;
  }
  co_return true;
}

void LogListen(const McpCall& call, const char* event, std::int64_t tasks, const char* reason) {
  core::LogEvent(core::LogLevel::kInfo, event,
                 {{"request_id", call.ex.request_id},
                  {"caller", call.caller.id},
                  {"tasks", tasks},
                  {"reason", std::string(reason)}});
}

}  // namespace

asio::awaitable<http::Response> RunListen(McpCall& call, mcp::ListenCall listen,
                                          mcp::ListenRegistry& registry) {
  auto executor = co_await asio::this_coro::executor;
  auto wake = std::make_shared<http::AsyncEvent>(executor);
  auto stop = std::make_shared<http::AsyncEvent>(executor);
  mcp::ListenRegistry::Handle open;
  if (auto refused = Admit(call, registry, stop, &open)) co_return std::move(*refused);
  auto states = std::make_shared<TaskStates>(listen.task_ids.size());
  Watched w = WatchTasks(call, listen, states, wake);
  auto tasks = static_cast<std::int64_t>(w.ids.size());
  if (!co_await call.reply.Stream()) co_return std::monostate{};
  json::object ack = mcp::ListenAcknowledged(call.id, listen.tasks_requested, w.ids);
  if (!co_await call.reply.Notify(ack)) co_return std::monostate{};
  LogListen(call, "mcp.listen_opened", tasks, "");
  using asio::experimental::awaitable_operators::operator||;
  const char* reason = "tasks_over";
  for (;;) {
    wake->Reset();  // before reading, so a change after it wakes us again
    bool all_over = false;
    if (!co_await SendChanges(call, *states, w, &all_over)) {
      LogListen(call, "mcp.listen_closed", tasks, "client_gone");
      co_return std::monostate{};
    }
    // Nothing more can come: end gracefully rather than hold the connection for nothing.
    if (all_over) break;
    asio::steady_timer heartbeat(executor, std::chrono::seconds(call.deps.config->sse_heartbeat_s));
    auto woke = co_await (wake->Wait() || stop->Wait() || call.ex.PeerClosed() ||
                          heartbeat.async_wait(asio::use_awaitable));
    if (woke.index() == 1) {
      reason = "server_stopping";
      break;
    }
    if (woke.index() == 2 || (woke.index() == 3 && !co_await call.reply.KeepAlive())) {
      LogListen(call, "mcp.listen_closed", tasks, "client_gone");
      co_return std::monostate{};
    }
  }
  LogListen(call, "mcp.listen_closed", tasks, reason);
  json::object closed = mcp::ListenClosedResult(call.id);
  co_return co_await Answer(call, closed);
}

}  // namespace manimd::api
