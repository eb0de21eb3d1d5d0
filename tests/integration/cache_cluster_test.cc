// The result cache in a cluster (docs/cache.md, docs/scaleout.md) with real processes:
// redis-server, moto for S3, API nodes that do not render and `manimd worker`s, all on
// 127.0.0.1. A hit on another API node (same bytes, no sandbox started), a miss on any
// field change and with "cache": false, eight identical requests over two API nodes and
// two workers rendering once, a deleted video rendering again, tenant scope, and a job
// waiting for its twin on another worker cancelled at once while the twin carries on.
// Renders are counted by the workers' render.finished log lines (one per sandbox run).
#include <gtest/gtest.h>

#include <future>
#include <set>
#include <thread>

#include "api_keys.h"
#include "cluster_fixture.h"
#include "reply_fields.h"
#include "serve_process.h"

namespace manimd::testing_support {
namespace {

using Headers = std::map<std::string, std::string>;

HttpReply Render(int port, const std::string& body, const Headers& auth = {}) {
  Headers h = auth;
  h["Content-Type"] = "application/json";
  return Http(port, "POST", "/api/render", body, h);
}

class CacheClusterTest : public ClusterFixture {
 protected:
  // Every node caches (CACHE=on whatever the test environment says).
  std::unique_ptr<ServeProcess> Api(Vars extra = {}) {
    extra.emplace("CACHE", "on");
    return ClusterFixture::Api(extra);
  }
  std::unique_ptr<ServeProcess> Worker(Vars extra = {}) {
    extra.emplace("CACHE", "on");
    auto worker = ClusterFixture::Worker(extra);
    workers_.push_back(worker.get());
    return worker;
  }
  // Sandbox runs so far on every worker. A worker's log reaches its file within a second
  // (it has no HTTP to flush it with): wait for `at_least`, then past one more flush.
  int Renders(int at_least) {
    auto count = [&] {
      int n = 0;
      for (const ServeProcess* w : workers_) n += Occurrences(w->Log(), "render.finished");
      return n;
    };
    WaitFor([&] { return count() >= at_least; }, 10);
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    return count();
  }
  // Runs `op` with boto3 (moto's own dependency) on the bucket and object `key`: "get"
  // prints the object's SHA-256, "delete" deletes it behind manimd's back.
  std::string S3(const std::string& op, const std::string& key) {
    RunResult r = RunCommand(
        {"python3", "-c",
         "import hashlib, sys, boto3\n"
         "s3 = boto3.client('s3', endpoint_url=sys.argv[1], aws_access_key_id=sys.argv[2],"
         " aws_secret_access_key=sys.argv[3], region_name='us-east-1')\n"
         "if sys.argv[6] == 'get':\n"
         "    body = s3.get_object(Bucket=sys.argv[4], Key=sys.argv[5])['Body'].read()\n"
         "    print(len(body), hashlib.sha256(body).hexdigest())\n"
         "else:\n"
         "    s3.delete_object(Bucket=sys.argv[4], Key=sys.argv[5])\n",
         moto_.endpoint(), moto_.access_key_id(), moto_.secret_access_key(), moto_.bucket(), key,
         op},
        {}, env_.dir());
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    return r.out;
  }

  std::vector<const ServeProcess*> workers_;
};

TEST_F(CacheClusterTest, AHitOnAnotherApiNodeStartsNoSandbox) {
  auto a = Api();
  auto b = Api();
  auto worker = Worker();
  std::string body = RenderBody("tiny.py", "-ql");
  HttpReply first = Render(a->port(), body);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_FALSE(Flag(first, "cached"));
  EXPECT_EQ(Renders(1), 1);

  HttpReply second = Render(b->port(), body);
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_TRUE(Flag(second, "cached")) << second.body;
  EXPECT_NE(Str(second, "jobId"), Str(first, "jobId"));
  EXPECT_EQ(Str(second, "s3Key"), Str(first, "s3Key"));
  std::string video = S3("get", Str(first, "s3Key"));
  EXPECT_NE(video.rfind("0 ", 0), 0u) << "an empty video";
  EXPECT_EQ(S3("get", Str(second, "s3Key")), video);
  HttpReply job = Http(a->port(), "GET", "/api/jobs/" + Str(second, "jobId"));
  EXPECT_EQ(Str(job, "status"), "succeeded") << job.body;
  EXPECT_TRUE(Flag(job, "cached"));

  // Any field that changes the video, or "cache": false, renders.
  HttpReply other_fps = Render(b->port(), RenderBody("tiny.py", "-ql", {{"fps", 10}}));
  ASSERT_EQ(other_fps.status, 200) << other_fps.body;
  EXPECT_FALSE(Flag(other_fps, "cached"));
  HttpReply forced = Render(a->port(), RenderBody("tiny.py", "-ql", {{"cache", false}}));
  ASSERT_EQ(forced.status, 200) << forced.body;
  EXPECT_FALSE(Flag(forced, "cached"));
  EXPECT_EQ(Renders(3), 3);

  // The video deleted from the bucket: checked, so a render again, then cached again.
  S3("delete", Str(first, "s3Key"));
  HttpReply after = Render(b->port(), body);
  ASSERT_EQ(after.status, 200) << after.body;
  EXPECT_FALSE(Flag(after, "cached"));
  EXPECT_NE(Str(after, "s3Key"), Str(first, "s3Key"));
  EXPECT_EQ(Renders(4), 4);
  EXPECT_TRUE(Flag(Render(a->port(), body), "cached"));
}

TEST_F(CacheClusterTest, EightIdenticalRequestsOverTwoNodesAndTwoWorkersRenderOnce) {
  auto a = Api();
  auto b = Api();
  auto w1 = Worker();
  auto w2 = Worker();
  std::string body = RenderBody("shapes.py", "-ql");
  std::vector<std::future<HttpReply>> replies;
  for (int i = 0; i < 8; ++i) {
    int port = i % 2 == 0 ? a->port() : b->port();
    replies.push_back(std::async(std::launch::async, [&, port] { return Render(port, body); }));
  }
  int cached = 0;
  std::set<std::string> keys, ids;
  for (auto& f : replies) {
    HttpReply r = f.get();
    ASSERT_EQ(r.status, 200) << r.body;
    cached += Flag(r, "cached") ? 1 : 0;
    keys.insert(Str(r, "s3Key"));
    ids.insert(Str(r, "jobId"));
  }
  EXPECT_EQ(Renders(1), 1) << w1->Log() << w2->Log();
  EXPECT_EQ(cached, 7);
  EXPECT_EQ(keys.size(), 1u);
  EXPECT_EQ(ids.size(), 8u);
}

TEST_F(CacheClusterTest, TenantsDoNotShare) {
  auto api = Api();
  auto worker = Worker();
  auto key = [&](const std::string& name) {
    // Keys live in the cluster's Redis: made with the cluster's configuration.
    return Bearer(CreateKey(env_, Node(), {"--name", name}));
  };
  Headers ka = key("a"), kb = key("b");
  std::string body = RenderBody("tiny.py", "-ql");
  EXPECT_FALSE(Flag(Render(api->port(), body, ka), "cached"));
  EXPECT_FALSE(Flag(Render(api->port(), body, kb), "cached")) << "CACHE_SCOPE=tenant";
  EXPECT_TRUE(Flag(Render(api->port(), body, ka), "cached"));
  EXPECT_EQ(Renders(2), 2);
}

TEST_F(CacheClusterTest, AJobWaitingForItsTwinOnAnotherWorkerIsCancelledAtOnce) {
  auto api = Api();
  auto w1 = Worker();
  auto w2 = Worker();
  std::string body = RenderBody("sleepy.py", "-ql");
  Headers json{{"Content-Type", "application/json"}};
  HttpReply first = Http(api->port(), "POST", "/api/jobs", body, json);
  ASSERT_EQ(first.status, 202) << first.body;
  ASSERT_TRUE(WaitFor([&] {
    return Str(Http(api->port(), "GET", "/api/jobs/" + Str(first, "jobId")), "status") == "running";
  }));
  HttpReply twin = Http(api->port(), "POST", "/api/jobs", body, json);
  ASSERT_EQ(twin.status, 202) << twin.body;
  std::string twin_id = Str(twin, "jobId");
  ASSERT_TRUE(WaitFor([&] {
    return Str(Http(api->port(), "GET", "/api/jobs/" + twin_id), "status") == "running";
  }));
  HttpReply cancelled = Http(api->port(), "DELETE", "/api/jobs/" + twin_id);
  EXPECT_LT(cancelled.status, 300) << cancelled.body;
  ASSERT_TRUE(WaitFor(
      [&] {
        return Str(Http(api->port(), "GET", "/api/jobs/" + twin_id), "status") == "cancelled";
      },
      30));
  // It ended before the render it waited for, which carries on for the others.
  HttpReply meanwhile = Http(api->port(), "GET", "/api/jobs/" + Str(first, "jobId"));
  EXPECT_EQ(Str(meanwhile, "status"), "running") << meanwhile.body;
  HttpReply done = WaitForJob(api->port(), Str(first, "jobId"), 120);
  EXPECT_EQ(Str(done, "status"), "succeeded") << done.body;
  EXPECT_EQ(Renders(1), 1);
  EXPECT_TRUE(Flag(Render(api->port(), body), "cached"));
}

}  // namespace
}  // namespace manimd::testing_support
