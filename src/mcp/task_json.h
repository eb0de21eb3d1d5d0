// MCP tasks as views of render jobs, in both shapes: 2025-11-25's experimental core tasks
// and 2026-07-28's tasks extension (SEP-2663). The job id is the task id, its status maps
// onto working / completed / failed / cancelled, and a job lives as long as JOB_TTL,
// which is the task's ttl.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>

#include "jobs/job.h"

namespace manimd::mcp {

// The _meta key tying a message to its task.
inline constexpr const char* kRelatedTaskKey = "io.modelcontextprotocol/related-task";

struct TaskOptions {
  std::int64_t ttl_ms = 7LL * 86400 * 1000;  // JOB_TTL
  int poll_interval_ms = 1000;
};

// working (queued, running, uploading), completed, failed or cancelled.
const char* TaskStatusName(jobs::JobStatus status);
bool IsTerminalTask(jobs::JobStatus status);  // = jobs::IsFinal

// The Task object: taskId, status, statusMessage, createdAt, lastUpdatedAt, ttl,
// pollInterval (while working).
boost::json::object TaskJson(const jobs::Job& job, const TaskOptions& options);

// The answer to a task-augmented tools/call: {task: Task, _meta: {a text for the model}}.
boost::json::object CreateTaskResult(const jobs::Job& job, const TaskOptions& options);

// The tasks extension's Task: taskId, status, statusMessage, createdAt, lastUpdatedAt,
// ttlMs, pollIntervalMs (while working). Its status differs from the legacy one for a
// failed render: that is a completed task whose result is a tool error, since the
// extension keeps `failed` for JSON-RPC errors, which a render never ends with.
const char* ModernTaskStatusName(jobs::JobStatus status);
boost::json::object ModernTaskJson(const jobs::Job& job, const TaskOptions& options);

// The extension's CreateTaskResult: the Task itself with resultType "task".
boost::json::object ModernCreateTaskResult(const jobs::Job& job, const TaskOptions& options);

// `result` with _meta[kRelatedTaskKey] = {taskId}, as tasks/result must answer.
boost::json::object WithRelatedTask(boost::json::object result, const std::string& task_id);

}  // namespace manimd::mcp
