// Jobs seen as MCP tasks.
#include <gtest/gtest.h>

#include "mcp/task_json.h"
#include "test_util.h"

namespace manimd::mcp {
namespace {

namespace json = boost::json;
using jobs::JobStatus;

TEST(McpTaskJsonTest, JobStatusesMapOntoTaskStatuses) {
  EXPECT_STREQ(TaskStatusName(JobStatus::kQueued), "working");
  EXPECT_STREQ(TaskStatusName(JobStatus::kRunning), "working");
  EXPECT_STREQ(TaskStatusName(JobStatus::kUploading), "working");
  EXPECT_STREQ(TaskStatusName(JobStatus::kSucceeded), "completed");
  EXPECT_STREQ(TaskStatusName(JobStatus::kFailed), "failed");
  EXPECT_STREQ(TaskStatusName(JobStatus::kCancelled), "cancelled");
}

TEST(McpTaskJsonTest, ATaskHasTheSpecsFields) {
  jobs::Job job = testing::MakeJob("t1", JobStatus::kRunning);
  job.created_ms = 1764066600000;  // 2025-11-25T10:30:00Z
  job.started_ms = 1764066601500;
  job.progress.animation = 1;
  job.progress.animations = 4;
  job.progress.percent = 20;
  json::object t = TaskJson(job, TaskOptions{60000, 1500});
  EXPECT_EQ(t.at("taskId"), json::value("t1"));
  EXPECT_EQ(t.at("status"), json::value("working"));
  EXPECT_EQ(t.at("statusMessage"), json::value("rendering animation 1 of 4 (20%)"));
  EXPECT_EQ(t.at("createdAt"), json::value("2025-11-25T10:30:00.000Z"));
  EXPECT_EQ(t.at("lastUpdatedAt"), json::value("2025-11-25T10:30:01.500Z"));
  EXPECT_EQ(t.at("ttl"), json::value(60000));
  EXPECT_EQ(t.at("pollInterval"), json::value(1500));

  job.status = JobStatus::kFailed;
  job.finished_ms = 1764066603000;
  job.error = render::RenderError::Of(render::ErrorKind::kTimeout, "took too long");
  t = TaskJson(job, TaskOptions{});
  EXPECT_EQ(t.at("status"), json::value("failed"));
  EXPECT_EQ(t.at("statusMessage"), json::value("timeout: took too long"));
  EXPECT_EQ(t.at("lastUpdatedAt"), json::value("2025-11-25T10:30:03.000Z"));
  EXPECT_FALSE(t.contains("pollInterval"));  // nothing more to poll for
}

TEST(McpTaskJsonTest, CreateTaskResultAndRelatedTaskMeta) {
  jobs::Job job = testing::MakeJob("t2");
  json::object created = CreateTaskResult(job, TaskOptions{});
  EXPECT_EQ(created.at("task").at("taskId"), json::value("t2"));
  EXPECT_EQ(created.at("task").at("status"), json::value("working"));
  EXPECT_TRUE(
      created.at("_meta").at("io.modelcontextprotocol/model-immediate-response").is_string());
  json::object r = WithRelatedTask(json::object{{"isError", false}}, "t2");
  EXPECT_EQ(r.at("_meta").at(kRelatedTaskKey).at("taskId"), json::value("t2"));
  EXPECT_EQ(r.at("isError"), json::value(false));
}

TEST(McpTaskJsonTest, TheExtensionsTaskNamesItsFieldsInMillisecondsAndFlattens) {
  jobs::Job job = testing::MakeJob("t3", JobStatus::kRunning);
  json::object t = ModernTaskJson(job, TaskOptions{60000, 1500});
  EXPECT_EQ(t.at("taskId"), json::value("t3"));
  EXPECT_EQ(t.at("status"), json::value("working"));
  EXPECT_EQ(t.at("ttlMs"), json::value(60000));
  EXPECT_EQ(t.at("pollIntervalMs"), json::value(1500));
  EXPECT_FALSE(t.contains("ttl"));
  EXPECT_FALSE(t.contains("pollInterval"));
  json::object created = ModernCreateTaskResult(job, TaskOptions{});
  EXPECT_EQ(created.at("resultType"), json::value("task"));
  EXPECT_EQ(created.at("taskId"), json::value("t3"));  // Result & Task: no "task" member
  EXPECT_FALSE(created.contains("task"));
}

TEST(McpTaskJsonTest, AFailedRenderIsACompletedTaskInTheExtension) {
  // `failed` is for JSON-RPC errors; a render's failure is a tool result with isError.
  EXPECT_STREQ(ModernTaskStatusName(JobStatus::kFailed), "completed");
  EXPECT_STREQ(ModernTaskStatusName(JobStatus::kSucceeded), "completed");
  EXPECT_STREQ(ModernTaskStatusName(JobStatus::kCancelled), "cancelled");
  EXPECT_STREQ(ModernTaskStatusName(JobStatus::kQueued), "working");
  jobs::Job job = testing::MakeJob("t4", JobStatus::kFailed);
  json::object t = ModernTaskJson(job, TaskOptions{});
  EXPECT_EQ(t.at("status"), json::value("completed"));
  EXPECT_FALSE(t.contains("pollIntervalMs"));
}

}  // namespace
}  // namespace manimd::mcp
