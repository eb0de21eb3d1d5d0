// A task is never stored apart from its job, so what tasks/get says and what get_job or
// GET /api/jobs/{id} say cannot disagree.
#include "mcp/task_json.h"

#include <algorithm>

#include "core/iso_time.h"
#include "render/result_json.h"

namespace manimd::mcp {

namespace json = boost::json;
using jobs::JobStatus;

const char* TaskStatusName(JobStatus status) {
  switch (status) {
    case JobStatus::kSucceeded:
      return "completed";
    case JobStatus::kFailed:
      return "failed";
    case JobStatus::kCancelled:
      return "cancelled";
    default:
      return "working";
  }
}

bool IsTerminalTask(JobStatus status) { return jobs::IsFinal(status); }

namespace {

std::string StatusMessage(const jobs::Job& job) {
  switch (job.status) {
    case JobStatus::kQueued:
      return "queued: waiting for a render slot";
    case JobStatus::kRunning: {
      if (job.progress.animation <= 0) return "rendering";
      std::string text = "rendering animation " + std::to_string(job.progress.animation);
      if (job.progress.animations) {
        text += " of " + std::to_string(*job.progress.animations) + " (" +
                std::to_string(static_cast<int>(job.progress.percent)) + "%)";
      }
      return text;
    }
    case JobStatus::kUploading:
      return "storing the video";
    case JobStatus::kSucceeded:
      return "rendered";
    default:
      break;
  }
  if (!job.error) return jobs::JobStatusName(job.status);
  return std::string(render::ErrorKindName(job.error->kind)) + ": " + job.error->message;
}

// The fields both shapes share; the two differ in the names of ttl and poll interval.
json::object TaskFields(const jobs::Job& job, const char* status, const TaskOptions& options,
                        const char* ttl_key, const char* poll_key) {
  std::int64_t updated = std::max({job.created_ms, job.started_ms, job.finished_ms});
  json::object task{{"taskId", job.id},
                    {"status", status},
                    {"statusMessage", StatusMessage(job)},
                    {"createdAt", core::IsoTime(job.created_ms)},
                    {"lastUpdatedAt", core::IsoTime(updated)},
                    {ttl_key, options.ttl_ms}};
  if (!jobs::IsFinal(job.status)) task[poll_key] = options.poll_interval_ms;
  return task;
}

}  // namespace

json::object TaskJson(const jobs::Job& job, const TaskOptions& options) {
  return TaskFields(job, TaskStatusName(job.status), options, "ttl", "pollInterval");
}

const char* ModernTaskStatusName(JobStatus status) {
  return status == JobStatus::kFailed ? "completed" : TaskStatusName(status);
}

json::object ModernTaskJson(const jobs::Job& job, const TaskOptions& options) {
  return TaskFields(job, ModernTaskStatusName(job.status), options, "ttlMs", "pollIntervalMs");
}

json::object ModernCreateTaskResult(const jobs::Job& job, const TaskOptions& options) {
  json::object result = ModernTaskJson(job, options);
  result["resultType"] = "task";
  return result;
}

json::object CreateTaskResult(const jobs::Job& job, const TaskOptions& options) {
  std::string text = "The render runs as task " + job.id +
                     "; its result (the video URL, or the error) comes from tasks/result.";
  return {{"task", TaskJson(job, options)},
          {"_meta", json::object{{"io.modelcontextprotocol/model-immediate-response", text}}}};
}

json::object WithRelatedTask(json::object result, const std::string& task_id) {
  json::object meta;
  if (const json::value* m = result.if_contains("_meta"); m != nullptr && m->is_object()) {
    meta = m->get_object();
  }
  meta[kRelatedTaskKey] = json::object{{"taskId", task_id}};
  result["_meta"] = std::move(meta);
  return result;
}

}  // namespace manimd::mcp
