// The asynchronous job API against the real server and real renders: concurrency seen
// from the live sandboxes, the SSE stream, cancel, kill -9 and restart, the queue limit.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <thread>

#include "serve_process.h"

namespace manimd::testing_support {
namespace {

namespace fs = std::filesystem;
using std::chrono::steady_clock;

std::string Submit(int port, const std::string& scene, const boost::json::object& extra = {}) {
  HttpReply r = Http(port, "POST", "/api/jobs", RenderBody(scene, "-ql", extra),
                     {{"Content-Type", "application/json"}});
  EXPECT_EQ(r.status, 202) << r.body;
  if (r.status != 202) return "";
  std::string id(r.json.at("jobId").as_string());
  EXPECT_EQ(r.json.at("status"), "queued");
  EXPECT_EQ(r.Header("location"), "/api/jobs/" + id);
  return id;
}

std::string StatusOf(const HttpReply& r) {
  return r.json.contains("status") ? std::string(r.json.at("status").as_string()) : "";
}

TEST(JobsApiTest, TenJobsNeverMoreThanTwoSandboxesAndAllSucceed) {
  TestEnv env;
  ServeProcess server(env, {{"MAX_CONCURRENT_RENDERS", "2"}});
  ASSERT_GT(server.port(), 0) << server.Log();
  std::vector<std::string> ids;
  // "cache": false: ten identical jobs would otherwise render once (docs/cache.md).
  for (int i = 0; i < 10; ++i) ids.push_back(Submit(server.port(), "tiny.py", {{"cache", false}}));
  int most = 0;
  auto all_final = [&] {
    for (const std::string& id : ids) {
      std::string s = StatusOf(Http(server.port(), "GET", "/api/jobs/" + id));
      if (s != "succeeded" && s != "failed" && s != "cancelled") return false;
    }
    return true;
  };
  auto deadline = steady_clock::now() + std::chrono::seconds(120);
  int polls = 0;
  while (steady_clock::now() < deadline) {
    most = std::max(most, env.SandboxesAlive());
    if (++polls % 25 == 0 && all_final()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_LE(most, 2);
  EXPECT_EQ(most, 2) << "two slots, ten jobs: two sandboxes should have run side by side";
  for (const std::string& id : ids) {
    HttpReply r = Http(server.port(), "GET", "/api/jobs/" + id);
    EXPECT_EQ(StatusOf(r), "succeeded") << r.body;
    std::string key(r.json.at("s3Key").as_string());
    EXPECT_TRUE(fs::exists(server.data_dir() + "/objects/" + key));
    EXPECT_EQ(r.json.at("progress").at("percent").to_number<double>(), 100.0);
    EXPECT_NE(r.body.find("\"percent\":100}"), std::string::npos) << r.body;
  }
  // Listing: newest first, paged by cursor, every job exactly once.
  std::vector<std::string> listed;
  std::string cursor;
  for (int page = 0; page < 10; ++page) {
    HttpReply r =
        Http(server.port(), "GET",
             "/api/jobs?status=succeeded&limit=4" + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(r.status, 200) << r.body;
    for (const auto& j : r.json.at("jobs").as_array()) {
      listed.emplace_back(j.at("jobId").as_string());
      EXPECT_FALSE(j.at("request").as_object().contains("codeContent"));
    }
    if (r.json.at("nextCursor").is_null()) break;
    cursor = std::string(r.json.at("nextCursor").as_string());
  }
  std::vector<std::string> newest_first(ids.rbegin(), ids.rend());
  EXPECT_EQ(listed, newest_first);
}

TEST(JobsApiTest, EventStreamProgressOnlyIncreasesAndEndsWithDone) {
  TestEnv env;
  ServeProcess server(env);
  ASSERT_GT(server.port(), 0) << server.Log();
  std::string id = Submit(server.port(), "loop_progress.py");
  int status = 0;
  std::vector<SseEvent> events = ReadSse(server.port(), "/api/jobs/" + id + "/events", 60, &status);
  ASSERT_EQ(status, 200);
  ASSERT_FALSE(events.empty());
  double last_percent = -1;
  int last_animation = -1, progress_events = 0;
  std::vector<std::string> statuses;
  for (const SseEvent& e : events) {
    if (e.event == "progress") {
      ++progress_events;
      double percent = e.json.at("percent").to_number<double>();
      int animation = static_cast<int>(e.json.at("animation").as_int64());
      EXPECT_GE(percent, last_percent) << e.data;
      EXPECT_GE(animation, last_animation) << e.data;
      last_percent = percent;
      last_animation = animation;
    } else if (e.event == "status") {
      statuses.emplace_back(e.json.at("status").as_string());
    }
  }
  EXPECT_GE(progress_events, 3);
  EXPECT_GT(last_percent, 0);
  EXPECT_EQ(statuses.back(), "succeeded");
  EXPECT_NE(std::find(statuses.begin(), statuses.end(), "running"), statuses.end());
  const SseEvent& done = events.back();
  EXPECT_EQ(done.event, "done");
  EXPECT_EQ(done.json.at("status"), "succeeded");
  EXPECT_EQ(done.json.at("jobId").as_string(), id);
  EXPECT_FALSE(done.json.at("s3Key").is_null());

  // Reconnecting after the end (with the last id seen): `done` comes at once.
  std::vector<SseEvent> again = ReadSse(server.port(), "/api/jobs/" + id + "/events", 10, &status,
                                        {{"Last-Event-ID", done.id}});
  ASSERT_FALSE(again.empty());
  EXPECT_EQ(again.back().event, "done");
  EXPECT_EQ(again.back().json.at("status"), "succeeded");
}

TEST(JobsApiTest, IdleStreamsGetHeartbeats) {
  TestEnv env;
  ServeProcess server(env, {{"SSE_HEARTBEAT_S", "1"}});
  ASSERT_GT(server.port(), 0) << server.Log();
  std::string id = Submit(server.port(), "sleepy.py");
  int status = 0;
  std::vector<SseEvent> events = ReadSse(server.port(), "/api/jobs/" + id + "/events", 60, &status);
  int comments = 0;
  for (const SseEvent& e : events) comments += e.event == "comment";
  EXPECT_GE(comments, 2);  // the scene sleeps 4 s with no progress
  EXPECT_EQ(events.back().event, "done");
}

TEST(JobsApiTest, CancelQueuedAndRunningJobs) {
  TestEnv env;
  ServeProcess server(env, {{"MAX_CONCURRENT_RENDERS", "1"}});
  ASSERT_GT(server.port(), 0) << server.Log();
  std::string running = Submit(server.port(), "sleepy.py");
  std::string queued = Submit(server.port(), "tiny.py");
  ASSERT_TRUE(WaitFor([&] { return env.SandboxesAlive() == 1; })) << server.Log();
  ASSERT_EQ(StatusOf(Http(server.port(), "GET", "/api/jobs/" + running)), "running");

  HttpReply q = Http(server.port(), "DELETE", "/api/jobs/" + queued);
  EXPECT_EQ(q.status, 200) << q.body;
  EXPECT_EQ(StatusOf(q), "cancelled");
  HttpReply r = Http(server.port(), "DELETE", "/api/jobs/" + running);
  EXPECT_EQ(r.status, 200) << r.body;
  // DELETE waits a few seconds for the sandbox to be gone; on a loaded machine the answer
  // may still say running, and the job is cancelled (not finished: the scene sleeps 4 s)
  // right after.
  HttpReply after;
  EXPECT_TRUE(WaitFor(
      [&] {
        after = Http(server.port(), "GET", "/api/jobs/" + running);
        return StatusOf(after) == "cancelled";
      },
      20))
      << after.body;
  ASSERT_TRUE(after.json.contains("error")) << after.body;
  EXPECT_EQ(after.json.at("error").at("kind"), "cancelled");
  EXPECT_TRUE(WaitFor([&] { return env.ProcessesInUidRange() == 0; }, 20));

  HttpReply never = Http(server.port(), "GET", "/api/jobs/" + queued);
  EXPECT_TRUE(never.json.at("startedAt").is_null()) << never.body;
  EXPECT_EQ(Http(server.port(), "DELETE", "/api/jobs/" + running).status, 409);
  EXPECT_EQ(Http(server.port(), "DELETE", "/api/jobs/nope").status, 404);
  // The slot is free again.
  std::string next = Submit(server.port(), "tiny.py");
  EXPECT_EQ(StatusOf(WaitForJob(server.port(), next)), "succeeded");
}

TEST(JobsApiTest, KilledServerTakesItsJobsUpAgainAfterRestart) {
  TestEnv env;
  std::string running, waiting, key;
  {
    ServeProcess server(env, {{"MAX_CONCURRENT_RENDERS", "1"}});
    ASSERT_GT(server.port(), 0) << server.Log();
    running = Submit(server.port(), "sleepy.py");
    waiting = Submit(server.port(), "tiny.py");
    ASSERT_TRUE(WaitFor([&] { return env.SandboxesAlive() == 1; })) << server.Log();
    EXPECT_EQ(server.Stop(SIGKILL), 128 + SIGKILL);
  }
  ASSERT_TRUE(WaitFor([&] { return env.ProcessesInUidRange(false) == 0; }, 10));
  ServeProcess restarted(env, {{"MAX_CONCURRENT_RENDERS", "1"}});
  ASSERT_GT(restarted.port(), 0) << restarted.Log();
  EXPECT_NE(restarted.Log().find("recovered_jobs=2"), std::string::npos) << restarted.Log();
  HttpReply first = WaitForJob(restarted.port(), running, 90);
  EXPECT_EQ(StatusOf(first), "succeeded") << first.body;
  HttpReply second = WaitForJob(restarted.port(), waiting, 90);
  EXPECT_EQ(StatusOf(second), "succeeded") << second.body;
  key = std::string(first.json.at("s3Key").as_string());
  EXPECT_EQ(Http(restarted.port(), "GET", "/files/" + key).status, 200);
  EXPECT_EQ(restarted.Stop(), 0);

  // The SQLite file (with its WAL) is the only state: a third start still knows the jobs.
  std::set<std::string> entries;
  for (const auto& e : fs::directory_iterator(restarted.data_dir())) {
    entries.insert(e.path().filename());
  }
  for (const std::string& name : entries) {
    EXPECT_TRUE(name == "objects" || name == "staging" || name.rfind("jobs.sqlite", 0) == 0)
        << name;
  }
  ServeProcess third(env);
  ASSERT_GT(third.port(), 0) << third.Log();
  HttpReply again = Http(third.port(), "GET", "/api/render/status/" + running);
  EXPECT_EQ(StatusOf(again), "succeeded");
  EXPECT_EQ(again.json.at("s3Key").as_string(), key);
}

TEST(JobsApiTest, UnknownJobsBadListsAndAFullQueue) {
  TestEnv env;
  ServeProcess server(env, {{"MAX_CONCURRENT_RENDERS", "1"}, {"MAX_QUEUE", "1"}});
  ASSERT_GT(server.port(), 0) << server.Log();
  HttpReply missing = Http(server.port(), "GET", "/api/jobs/0123");
  EXPECT_EQ(missing.status, 404);
  EXPECT_TRUE(missing.json.contains("message"));
  EXPECT_EQ(Http(server.port(), "GET", "/api/jobs/0123/events").status, 404);
  HttpReply bad = Http(server.port(), "GET", "/api/jobs?status=done");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json.at("errors").as_array()[0].at("path").as_array()[0], "status");
  EXPECT_EQ(Http(server.port(), "GET", "/api/jobs?limit=0").status, 400);
  EXPECT_EQ(Http(server.port(), "GET", "/api/jobs?cursor=x").status, 400);
  HttpReply body = Http(server.port(), "POST", "/api/jobs", R"({"codeContent": 1})",
                        {{"Content-Type", "application/json"}});
  EXPECT_EQ(body.status, 400);
  HttpReply hook = Http(server.port(), "POST", "/api/jobs",
                        RenderBody("tiny.py", "-ql", {{"callbackUrl", "ftp://x"}}),
                        {{"Content-Type", "application/json"}});
  EXPECT_EQ(hook.status, 400);

  std::string a = Submit(server.port(), "sleepy.py");
  ASSERT_TRUE(WaitFor([&] { return env.SandboxesAlive() == 1; })) << server.Log();
  std::string b = Submit(server.port(), "tiny.py");
  HttpReply full = Http(server.port(), "POST", "/api/jobs", RenderBody("tiny.py"),
                        {{"Content-Type", "application/json"}});
  EXPECT_EQ(full.status, 503) << full.body;
  EXPECT_GE(std::atoi(full.Header("retry-after").c_str()), 1);
  EXPECT_EQ(StatusOf(WaitForJob(server.port(), a)), "succeeded");
  EXPECT_EQ(StatusOf(WaitForJob(server.port(), b)), "succeeded");
}

}  // namespace
}  // namespace manimd::testing_support
