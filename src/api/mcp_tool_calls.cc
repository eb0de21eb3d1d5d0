// MCP's tools on top of the job service: render_scene submits a job exactly as POST
// /api/jobs does and, unless told not to wait, follows it to the end with progress;
// validate_scene runs the validation POST /api/validate runs; get_job and cancel_job are
// GET and DELETE /api/jobs/{id}.
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <mutex>

#include "api/job_json.h"
#include "api/job_wait.h"
#include "api/mcp_calls.h"
#include "api/validation_run.h"
#include "core/log.h"
#include "mcp/modern_request.h"
#include "mcp/task_json.h"
#include "mcp/tool_results.h"

namespace manimd::api {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;

mcp::RpcError NoJob(const std::string& id) {
  return mcp::RpcError{mcp::kInvalidParams, "jobId: no job " + id, nullptr};
}

// The one place MCP makes a job. `sync`: a client waits on it (it is cancelled, not run
// again, when the server restarts). Jobs have no owner yet; when they do, it is
// call.caller.
jobs::Job NewJob(const McpCall& call, render::RenderRequest request, bool sync, bool use_cache) {
  jobs::Job job;
  job.id = jobs::NewJobId();
  job.request = std::make_shared<const render::RenderRequest>(std::move(request));
  job.sync = sync;
  job.use_cache = use_cache;  // the body's "cache"
  core::LogEvent(core::LogLevel::kInfo, "mcp.render_submitted",
                 {{"job_id", job.id},
                  {"request_id", call.ex.request_id},
                  {"caller", call.caller.id},
                  {"sync", sync}});
  return job;
}

asio::awaitable<http::Response> RenderScene(McpCall& call, mcp::ToolCall& tool) {
  mcp::SceneArgs& args = std::get<mcp::SceneArgs>(tool.args);
  bool follow = args.wait && !tool.as_task;
  core::Result<jobs::Job> submitted =
      call.tenant_jobs.Submit(NewJob(call, std::move(args.request), follow, args.cache));
  if (!submitted.ok()) {
    json::object busy =
        mcp::ToolErrorResult(submitted.status().message() + "; try again in " +
                             std::to_string(call.tenant_jobs.RetryAfterSeconds()) + " s");
    co_return co_await Answer(call, busy);
  }
  call.ex.job_id = submitted->id;
  if (tool.as_task) {
    mcp::TaskOptions options{call.deps.config->job_ttl_s * 1000, 1000};
    json::object created = call.modern ? mcp::ModernCreateTaskResult(*submitted, options)
                                       : mcp::CreateTaskResult(*submitted, options);
    co_return co_await Answer(call, created);
  }
  if (!follow) {
    json::object queued = JobResult(call, *submitted, true);
    co_return co_await Answer(call, queued);
  }
  FollowResult followed;
  if (co_await call.reply.Stream()) {
    followed = co_await FollowJob(call, call.ex.job_id, tool.progress_token);
  } else {
    followed.end = FollowEnd::kClientGone;
  }
  if (followed.end == FollowEnd::kUnavailable) {
    json::object lost = mcp::ToolErrorResult(followed.status.message());
    co_return co_await Answer(call, lost);
  }
  if (followed.end != FollowEnd::kFinal) {
    // Nobody will read the result: streams are not resumable (docs/mcp.md).
    core::LogEvent(
        core::LogLevel::kInfo, "mcp.render_abandoned",
        {{"job_id", call.ex.job_id},
         {"request_id", call.ex.request_id},
         {"reason", followed.end == FollowEnd::kCancelled ? "cancelled" : "client_gone"}});
    (void)call.tenant_jobs.Cancel(call.ex.job_id);  // already final or gone: nothing to stop
    co_return std::monostate{};
  }
  json::object result = JobResult(call, followed.job, true);
  co_return co_await Answer(call, result);
}

asio::awaitable<http::Response> ValidateScene(McpCall& call, mcp::ToolCall& tool) {
  render::RenderRequest request = std::move(std::get<mcp::SceneArgs>(tool.args).request);
  render::Compat compat = request.compat;
  auto stop = std::make_shared<http::AsyncEvent>(co_await asio::this_coro::executor);
  mcp::CallRegistry::Handle registration =
      call.calls.Register(call.scope, call.id, [stop] { stop->Set(); });
  ValidationOutcome run = co_await RunValidation(call.deps, std::move(request), call.ex, stop);
  if (run.end == ValidationOutcome::End::kStopped) co_return std::monostate{};
  json::object result =
      run.end == ValidationOutcome::End::kBusy
          ? mcp::ToolErrorResult(run.busy.message())
          : mcp::ValidationToolResult(run.result, call.deps.manim_version, compat);
  co_return co_await Answer(call, result);
}

asio::awaitable<http::Response> GetJob(McpCall& call, const std::string& id) {
  call.ex.job_id = id;
  core::Result<jobs::Job> job = call.tenant_jobs.Get(id);
  if (job.status().code() == core::Code::kNotFound) {
    mcp::RpcError error = NoJob(id);
    co_return co_await AnswerError(call, error);
  }
  json::object result =
      job.ok() ? JobResult(call, *job, false) : mcp::ToolErrorResult(job.status().message());
  co_return co_await Answer(call, result);
}

// As DELETE /api/jobs/{id}: cancel, then give a running sandbox a moment to be gone so
// the answer shows the final status.
asio::awaitable<http::Response> CancelJob(McpCall& call, const std::string& id) {
  call.ex.job_id = id;
  core::Status s = call.tenant_jobs.Cancel(id);
  if (s.code() == core::Code::kNotFound) {
    mcp::RpcError error = NoJob(id);
    co_return co_await AnswerError(call, error);
  }
  if (!s.ok()) {
    json::object refused = mcp::ToolErrorResult(s.message());
    co_return co_await Answer(call, refused);
  }
  co_await WaitUntilFinal(call.tenant_jobs, id, nullptr, std::chrono::seconds(5));
  co_return co_await GetJob(call, id);
}

// The newest state a watch delivered, handed from its thread to the handler.
struct Latest {
  std::mutex mu;
  jobs::Job job;              // guarded by mu
  std::uint64_t version = 0;  // guarded by mu
  bool has = false;           // guarded by mu
};

// Progress must grow with every notification; a whole percent (or a new animation) at
// a time keeps a render to about a hundred of them. False when the client is gone.
asio::awaitable<bool> NotifyProgress(McpCall& call, const json::value& token,
                                     const render::Progress& p, double* sent, int* animation) {
  if (token.is_null()) co_return true;
  if (p.percent < *sent + 1 && !(p.percent > *sent && p.animation != *animation)) co_return true;
  json::object note =
      mcp::NotificationMessage("notifications/progress", mcp::ProgressParams(token, p));
  *sent = p.percent;
  *animation = p.animation;
  co_return co_await call.reply.Notify(note);
}

}  // namespace

asio::awaitable<http::Response> RunToolCall(McpCall& call, mcp::ToolCall tool) {
  switch (tool.tool) {
    case mcp::Tool::kRenderScene:
      co_return co_await RenderScene(call, tool);
    case mcp::Tool::kValidateScene:
      co_return co_await ValidateScene(call, tool);
    case mcp::Tool::kGetJob:
      co_return co_await GetJob(call, std::get<mcp::JobArgs>(tool.args).job_id);
    case mcp::Tool::kCancelJob:
      co_return co_await CancelJob(call, std::get<mcp::JobArgs>(tool.args).job_id);
  }
  mcp::RpcError error{mcp::kInternalError, "unknown tool", nullptr};
  co_return co_await AnswerError(call, error);
}

asio::awaitable<FollowResult> FollowJob(McpCall& call, const std::string& id,
                                        const json::value& token) {
  auto executor = co_await asio::this_coro::executor;
  auto wake = std::make_shared<http::AsyncEvent>(executor);
  auto stop = std::make_shared<http::AsyncEvent>(executor);
  auto latest = std::make_shared<Latest>();
  mcp::CallRegistry::Handle registration =
      call.calls.Register(call.scope, call.id, [stop] { stop->Set(); });
  core::Result<jobs::JobWatch> watch =
      call.tenant_jobs.Watch(id, [wake, latest](const jobs::Job& j, std::uint64_t version) {
        {
          std::lock_guard lock(latest->mu);
          if (latest->has && version < latest->version) return;  // arrived late
          latest->job = j;
          latest->version = version;
          latest->has = true;
        }
        wake->Set();
      });
  FollowResult result;
  if (!watch.ok()) {
    result.status = watch.status();
    co_return result;
  }
  double sent = -1;
  int sent_animation = -1;
  using asio::experimental::awaitable_operators::operator||;
  for (;;) {
    wake->Reset();  // before reading, so a change after it wakes us again
    bool seen = false;
    {
      std::lock_guard lock(latest->mu);
      result.job = latest->job;
      seen = latest->has;
    }
    if (seen && jobs::IsFinal(result.job.status)) {
      result.end = FollowEnd::kFinal;
      co_return result;
    }
    result.end = FollowEnd::kClientGone;
    if (seen &&
        !co_await NotifyProgress(call, token, result.job.progress, &sent, &sent_animation)) {
      co_return result;
    }
    asio::steady_timer heartbeat(executor, std::chrono::seconds(call.deps.config->sse_heartbeat_s));
    auto woke = co_await (wake->Wait() || stop->Wait() || call.ex.PeerClosed() ||
                          heartbeat.async_wait(asio::use_awaitable));
    if (woke.index() == 1) result.end = FollowEnd::kCancelled;
    if (woke.index() == 1 || woke.index() == 2) co_return result;
    if (woke.index() == 3 && !co_await call.reply.KeepAlive()) co_return result;
  }
}

json::object JobResult(const McpCall& call, const jobs::Job& job, bool failure_is_error) {
  mcp::JobView view{ViewUrl(job.url, View(call.deps, call.ex)), call.deps.manim_version,
                    failure_is_error};
  return mcp::JobToolResult(job, view);
}

asio::awaitable<http::Response> Answer(McpCall& call, json::object& result) {
  json::object message = mcp::ResultMessage(
      call.id, call.modern ? mcp::ModernResult(std::move(result)) : std::move(result));
  co_return co_await call.reply.Finish(std::move(message));
}

asio::awaitable<http::Response> AnswerError(McpCall& call, mcp::RpcError& error) {
  json::object message = mcp::ErrorMessage(call.id, error);
  co_return co_await call.reply.Finish(std::move(message));
}

}  // namespace manimd::api
