// MCP tasks (2025-11-25) over render jobs: tasks/get and tasks/list read the job,
// tasks/result waits for it on a stream like render_scene does, tasks/cancel is
// DELETE /api/jobs/{id}. A task id is a job id, so any job can be looked at as a task.
#include "api/job_wait.h"
#include "api/mcp_calls.h"
#include "mcp/task_json.h"

namespace manimd::api {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;

constexpr int kTasksPerPage = 20;

mcp::TaskOptions Options(const McpCall& call) {
  return mcp::TaskOptions{call.deps.config->job_ttl_s * 1000, 1000};
}

// -32602 for a task that does not exist (the spec's code), -32603 when the store failed.
mcp::RpcError LookupError(const char* what, const core::Status& s) {
  if (s.code() == core::Code::kNotFound) {
    return mcp::RpcError{mcp::kInvalidParams, std::string(what) + ": Task not found", nullptr};
  }
  return mcp::RpcError{mcp::kInternalError, std::string(what) + ": " + s.message(), nullptr};
}

asio::awaitable<http::Response> GetTask(McpCall& call, const std::string& id) {
  core::Result<jobs::Job> job = call.tenant_jobs.Get(id);
  if (!job.ok()) {
    mcp::RpcError error = LookupError("Failed to retrieve task", job.status());
    co_return co_await AnswerError(call, error);
  }
  json::object task = mcp::TaskJson(*job, Options(call));
  co_return co_await Answer(call, task);
}

// Blocks until the task is terminal (the spec's rule), with keep-alives on a stream; a
// client that leaves stops the wait, not the render.
asio::awaitable<http::Response> TaskResult(McpCall& call, const std::string& id) {
  core::Result<jobs::Job> job = call.tenant_jobs.Get(id);
  if (job.ok() && !jobs::IsFinal(job->status)) {
    if (!co_await call.reply.Stream()) co_return std::monostate{};
    const json::value no_progress;  // named: see Answer in mcp_calls.h
    FollowResult followed = co_await FollowJob(call, id, no_progress);
    if (followed.end == FollowEnd::kFinal) {
      job = followed.job;
    } else if (followed.end == FollowEnd::kUnavailable) {
      job = followed.status;
    } else {
      co_return std::monostate{};
    }
  }
  if (!job.ok()) {
    mcp::RpcError error = LookupError("Failed to retrieve task result", job.status());
    co_return co_await AnswerError(call, error);
  }
  json::object result = mcp::WithRelatedTask(JobResult(call, *job, true), id);
  co_return co_await Answer(call, result);
}

asio::awaitable<http::Response> ListTasks(McpCall& call, std::int64_t before_seq) {
  jobs::JobFilter filter;
  filter.limit = kTasksPerPage;
  filter.before_seq = before_seq;
  core::Result<std::vector<jobs::Job>> list = call.tenant_jobs.List(filter);
  if (!list.ok()) {
    mcp::RpcError error{mcp::kInternalError, list.status().message(), nullptr};
    co_return co_await AnswerError(call, error);
  }
  json::array tasks;
  for (const jobs::Job& job : *list) tasks.push_back(mcp::TaskJson(job, Options(call)));
  json::object result{{"tasks", std::move(tasks)}};
  if (static_cast<int>(list->size()) == kTasksPerPage) {
    result["nextCursor"] = std::to_string(list->back().seq);
  }
  co_return co_await Answer(call, result);
}

// The spec wants the task cancelled before the answer: a queued job is at once, a
// running one once its sandbox is gone (within a few seconds; the job cannot end any
// other way after that, except mid-upload, when the stored video wins).
asio::awaitable<http::Response> CancelTask(McpCall& call, const std::string& id) {
  core::Result<jobs::Job> before = call.tenant_jobs.Get(id);
  if (!before.ok()) {
    mcp::RpcError error = LookupError("Failed to cancel task", before.status());
    co_return co_await AnswerError(call, error);
  }
  core::Status s = call.tenant_jobs.Cancel(id);
  if (s.code() == core::Code::kConflict) {
    core::Result<jobs::Job> now = call.tenant_jobs.Get(id);
    const char* status = mcp::TaskStatusName(now.ok() ? now->status : before->status);
    mcp::RpcError error{
        mcp::kInvalidParams,
        std::string("Cannot cancel task: already in terminal status '") + status + "'", nullptr};
    co_return co_await AnswerError(call, error);
  }
  if (!s.ok()) {
    mcp::RpcError error = LookupError("Failed to cancel task", s);
    co_return co_await AnswerError(call, error);
  }
  WaitResult waited =
      co_await WaitUntilFinal(call.tenant_jobs, id, nullptr, std::chrono::seconds(5));
  bool final = waited.end == WaitEnd::kFinal;
  json::object task = mcp::TaskJson(final ? waited.job : *before, Options(call));
  if (!final) {
    task["status"] = "cancelled";  // asked and under way: the sandbox is being killed
    task.erase("pollInterval");
  }
  co_return co_await Answer(call, task);
}

}  // namespace

asio::awaitable<http::Response> RunTaskCall(McpCall& call, const mcp::TaskCall& task) {
  call.ex.job_id = task.task_id;
  switch (task.method) {
    case mcp::TaskMethod::kGet:
      co_return co_await GetTask(call, task.task_id);
    case mcp::TaskMethod::kResult:
      co_return co_await TaskResult(call, task.task_id);
    case mcp::TaskMethod::kList:
      co_return co_await ListTasks(call, task.before_seq);
    case mcp::TaskMethod::kCancel:
      co_return co_await CancelTask(call, task.task_id);
  }
  mcp::RpcError error{mcp::kInternalError, "unknown task method", nullptr};
  co_return co_await AnswerError(call, error);
}

}  // namespace manimd::api
