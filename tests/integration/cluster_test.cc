// Scale-out over Redis with real processes: redis-server (AOF on), moto for S3, API nodes
// and `manimd worker`s, all on 127.0.0.1. A batch spread over workers, a worker killed
// mid-render, two API nodes sharing jobs, cancel across nodes, Redis restarted and
// stopped, and a job that keeps losing its workers.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <regex>
#include <thread>

#include "cluster_fixture.h"
#include "serve_process.h"

namespace manimd::testing_support {
namespace {

using std::chrono::steady_clock;

std::string StatusOf(const HttpReply& r) {
  return r.json.contains("status") ? std::string(r.json.at("status").as_string()) : "";
}

std::string Submit(int port, const std::string& scene, std::string* error = nullptr) {
  HttpReply r =
      Http(port, "POST", "/api/jobs", RenderBody(scene), {{"Content-Type", "application/json"}});
  if (r.status != 202) {
    if (error) *error = std::to_string(r.status) + " " + r.body;
    return "";
  }
  return std::string(r.json.at("jobId").as_string());
}

// Redis and S3 for a cluster, and the settings every node of it gets.
class ClusterTest : public ClusterFixture {
 protected:
  // The log lines of a worker that took job `id`.
  static bool Took(const ServeProcess& worker, const std::string& id) {
    std::string log = worker.Log();
    return log.find("job.started") != std::string::npos && log.find(id) != std::string::npos;
  }
};

TEST_F(ClusterTest, OneApiNodeAndTwoWorkersRenderABatch) {
  auto api = Api();
  auto a = Worker();
  auto b = Worker();
  std::vector<std::string> ids;
  for (int i = 0; i < 6; ++i) ids.push_back(Submit(api->port(), "tiny.py"));
  for (const std::string& id : ids) {
    ASSERT_FALSE(id.empty());
    HttpReply done = WaitForJob(api->port(), id, 120);
    EXPECT_EQ(StatusOf(done), "succeeded") << done.body;
    // The URL is a presigned link into the bucket every node shares.
    EXPECT_NE(std::string(done.json.at("url").as_string()).find(moto_.endpoint()),
              std::string::npos);
  }
  int on_a = 0, on_b = 0;
  auto count = [&] {  // worker logs reach their files within a second
    on_a = on_b = 0;
    for (const std::string& id : ids) {
      on_a += Took(*a, id);
      on_b += Took(*b, id);
    }
    return on_a + on_b == 6;
  };
  EXPECT_TRUE(WaitFor(count, 5)) << on_a << " + " << on_b;
  EXPECT_GT(on_a, 0) << "worker a rendered nothing";
  EXPECT_GT(on_b, 0) << "worker b rendered nothing";
  HttpReply ready = Http(api->port(), "GET", "/ready");
  EXPECT_EQ(ready.status, 200) << ready.body;
  EXPECT_EQ(ready.json.at("workers").as_array().size(), 2u) << ready.body;
}

TEST_F(ClusterTest, AJobOfAKilledWorkerIsFinishedByAnother) {
  auto api = Api();
  auto first = Worker();
  std::string id = Submit(api->port(), "sleepy.py");
  ASSERT_TRUE(WaitFor([&] { return Took(*first, id); }, 60)) << first->Log();
  auto second = Worker();
  first->Stop(SIGKILL);  // mid-render: its sandbox dies with it, its entry stays pending
  HttpReply done = WaitForJob(api->port(), id, 120);
  EXPECT_EQ(StatusOf(done), "succeeded") << done.body;
  EXPECT_TRUE(Took(*second, id)) << second->Log();
  EXPECT_NE(second->Log().find("delivery=2"), std::string::npos) << second->Log();
}

TEST_F(ClusterTest, TwoApiNodesShareJobsEventsAndCancels) {
  auto a = Api({{"SERVE_RENDERS", "on"}});  // renders too
  auto b = Api();                           // API only
  // Submitted on b, rendered by a's worker, watched on a.
  std::string id = Submit(b->port(), "progress.py");
  ASSERT_FALSE(id.empty());
  int status = 0;
  std::vector<SseEvent> events = ReadSse(a->port(), "/api/jobs/" + id + "/events", 60, &status);
  EXPECT_EQ(status, 200);
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().event, "done");
  EXPECT_EQ(std::string(events.back().json.at("status").as_string()), "succeeded");
  double last = -1;
  int progress_events = 0;
  for (const SseEvent& e : events) {
    if (e.event != "progress") continue;
    ++progress_events;
    double percent = e.json.at("percent").to_number<double>();
    EXPECT_GE(percent, last);
    last = percent;
  }
  EXPECT_GT(progress_events, 1) << "progress did not cross machines";
  EXPECT_EQ(StatusOf(Http(b->port(), "GET", "/api/jobs/" + id)), "succeeded");
  // Cancelled on b while it renders on a's worker: the sandbox there dies quickly.
  std::string slow = Submit(b->port(), "sleepy.py");
  ASSERT_TRUE(WaitFor(
      [&] { return StatusOf(Http(a->port(), "GET", "/api/jobs/" + slow)) == "running"; }, 60));
  ASSERT_TRUE(WaitFor([&] { return env_.SandboxesAlive() > 0; }, 30));
  HttpReply cancelled = Http(b->port(), "DELETE", "/api/jobs/" + slow);
  EXPECT_EQ(cancelled.status, 200) << cancelled.body;
  // The answer waits a few seconds for the end; on a loaded machine it may come just after.
  EXPECT_TRUE(WaitFor(
      [&] { return StatusOf(Http(a->port(), "GET", "/api/jobs/" + slow)) == "cancelled"; }, 20))
      << cancelled.body;
  EXPECT_TRUE(WaitFor([&] { return env_.SandboxesAlive() == 0; }, 20)) << "the sandbox lives on";
}

TEST_F(ClusterTest, ARedisRestartLosesNothingAccepted) {
  auto api = Api();
  auto worker = Worker();
  std::vector<std::string> ids;
  for (int i = 0; i < 4; ++i) ids.push_back(Submit(api->port(), "tiny.py"));
  redis_.Stop();
  ASSERT_TRUE(redis_.Start()) << redis_.log();
  for (const std::string& id : ids) {
    ASSERT_FALSE(id.empty());
    EXPECT_EQ(StatusOf(WaitForJob(api->port(), id, 120)), "succeeded") << id;
  }
}

TEST_F(ClusterTest, WhileRedisIsDownSubmitsAre503AndReadySaysWhy) {
  auto api = Api();
  redis_.Stop();
  auto asked = steady_clock::now();
  std::string error;
  EXPECT_EQ(Submit(api->port(), "tiny.py", &error), "");
  EXPECT_EQ(error.substr(0, 3), "503") << error;
  EXPECT_NE(error.find("redis"), std::string::npos) << error;
  EXPECT_LT(steady_clock::now() - asked, std::chrono::seconds(30)) << "a submit hung";
  HttpReply ready = Http(api->port(), "GET", "/ready");
  EXPECT_EQ(ready.status, 503);
  EXPECT_NE(std::string(ready.json.at("checks").at("jobs").as_string()).find("redis"),
            std::string::npos)
      << ready.body;
  ASSERT_TRUE(redis_.Start());
  auto worker = Worker();
  std::string id;
  ASSERT_TRUE(WaitFor([&] { return !(id = Submit(api->port(), "tiny.py")).empty(); }, 20));
  EXPECT_EQ(StatusOf(WaitForJob(api->port(), id, 120)), "succeeded");
  EXPECT_TRUE(WaitFor([&] { return Http(api->port(), "GET", "/ready").status == 200; }, 20));
}

TEST_F(ClusterTest, AJobThatKeepsLosingItsWorkersFails) {
  auto api = Api();
  std::map<std::string, std::string> poison = {{"WORKER_MAX_DELIVERIES", "2"}};
  std::string id = Submit(api->port(), "sleepy.py");
  for (int delivery = 1; delivery <= 2; ++delivery) {
    auto worker = Worker(poison);
    ASSERT_TRUE(WaitFor([&] { return Took(*worker, id); }, 60)) << worker->Log();
    worker->Stop(SIGKILL);
  }
  auto last = Worker(poison);
  HttpReply done = WaitForJob(api->port(), id, 60);
  EXPECT_EQ(StatusOf(done), "failed") << done.body;
  EXPECT_EQ(std::string(done.json.at("error").at("kind").as_string()), "internal");
  EXPECT_NE(std::string(done.json.at("error").at("message").as_string()).find("worker died"),
            std::string::npos)
      << done.body;
  EXPECT_FALSE(Took(*last, id));
}

}  // namespace
}  // namespace manimd::testing_support
