// MCP tasks over render jobs. Legacy (2025-11-25): tasks/get and tasks/list read the
// job, tasks/result waits for it on a stream like render_scene does, tasks/cancel is
// DELETE /api/jobs/{id}. Modern (the 2026-07-28 tasks extension): tasks/get also carries
// the result once terminal, tasks/cancel and tasks/update are acknowledgements. A task
// id is a job id, so any job can be looked at as a task.
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

// Modern: a completed task carries the CallToolResult render_scene would have answered
// (SEP-2663, "Task Polling"), so polling alone gets the video link.
asio::awaitable<http::Response> GetTask(McpCall& call, const std::string& id) {
  core::Result<jobs::Job> job = call.tenant_jobs.Get(id);
  if (!job.ok()) {
    mcp::RpcError error = LookupError("Failed to retrieve task", job.status());
    co_return co_await AnswerError(call, error);
  }
  if (!call.modern) {
    json::object task = mcp::TaskJson(*job, Options(call));
    co_return co_await Answer(call, task);
  }
  json::object task = ModernTaskState(call, *job);
  co_return co_await Answer(call, task);
}

// Modern tasks/cancel and tasks/update: an empty acknowledgement for a known task.
// Cancelling is cooperative and eventually consistent (SEP-2663, "Task Cancellation"),
// so a task already over is acknowledged too, and nothing waits for the sandbox. No
// task of ours ever asks for input, so an update has nothing to deliver.
asio::awaitable<http::Response> AcknowledgeTask(McpCall& call, const std::string& id, bool cancel) {
  core::Result<jobs::Job> job = call.deps.jobs->Get(id);
  if (!job.ok()) {
    mcp::RpcError error =
        LookupError(cancel ? "Failed to cancel task" : "Failed to update task", job.status());
    co_return co_await AnswerError(call, error);
  }
  if (cancel && !jobs::IsFinal(job->status)) {
    core::Status s = call.deps.jobs->Cancel(id);
    if (!s.ok() && s.code() != core::Code::kConflict) {  // kConflict: it ended meanwhile
      mcp::RpcError error = LookupError("Failed to cancel task", s);
      co_return co_await AnswerError(call, error);
    }
  }
  json::object ack;
  co_return co_await Answer(call, ack);
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

json::object ModernTaskState(const McpCall& call, const jobs::Job& job) {
  json::object task = mcp::ModernTaskJson(job, Options(call));
  if (task.at("status") == "completed") task["result"] = JobResult(call, job, true);
  return task;
}

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
      if (call.modern) co_return co_await AcknowledgeTask(call, task.task_id, true);
      co_return co_await CancelTask(call, task.task_id);
    case mcp::TaskMethod::kUpdate:
      co_return co_await AcknowledgeTask(call, task.task_id, false);
  }
  mcp::RpcError error{mcp::kInternalError, "unknown task method", nullptr};
  co_return co_await AnswerError(call, error);
}

}  // namespace manimd::api
