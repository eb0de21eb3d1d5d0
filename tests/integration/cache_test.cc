// The result cache against the real server and real renders (docs/cache.md): a second
// identical request is answered from storage with the same bytes and no render, any field
// change or "cache": false renders, a deleted video renders again, eight identical
// requests at once render once, a job waiting for its identical twin is cancelled at once
// while the twin carries on, MCP's render_scene hits too (and renders with cache:false),
// keys do not share, randomness is not cached. Renders are
// counted by the server's render.finished log lines (one per sandbox run).
#include <gtest/gtest.h>

#include <filesystem>
#include <future>

#include "api_keys.h"
#include "reply_fields.h"
#include "serve_process.h"

namespace manimd::testing_support {
namespace {

using Headers = std::map<std::string, std::string>;

// Renders so far. The log is flushed every second, so first a request with a fresh
// X-Request-Id is made and its log line waited for: what was logged before it is there too.
int Renders(const ServeProcess& server) {
  static int markers = 0;
  std::string marker = "count-" + std::to_string(++markers);
  Http(server.port(), "GET", "/health", "", {{"X-Request-Id", marker}});
  EXPECT_TRUE(WaitFor([&] { return server.Log().find(marker) != std::string::npos; }, 10));
  return Occurrences(server.Log(), "render.finished");
}

HttpReply Render(int port, const std::string& body, const Headers& auth = {}) {
  Headers h = auth;
  h["Content-Type"] = "application/json";
  return Http(port, "POST", "/api/render", body, h);
}

// The path of an absolute URL, for fetching it from the test's server.
std::string Target(const std::string& url) {
  size_t scheme = url.find("://");
  size_t slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  return slash == std::string::npos ? url : url.substr(slash);
}

TEST(CacheTest, IdenticalRequestsAreAnsweredFromStorage) {
  TestEnv env;
  ServeProcess server(env, {{"CACHE", "on"}});
  ASSERT_GT(server.port(), 0) << server.Log();
  int port = server.port();
  std::string body = RenderBody("tiny.py", "-ql");
  HttpReply first = Render(port, body);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_FALSE(Flag(first, "cached"));
  EXPECT_EQ(Renders(server), 1);

  HttpReply second = Render(port, body);
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_TRUE(Flag(second, "cached")) << second.body;
  EXPECT_NE(Str(second, "jobId"), Str(first, "jobId"));
  EXPECT_EQ(Str(second, "s3Key"), Str(first, "s3Key"));
  EXPECT_EQ(Renders(server), 1) << "a hit starts no sandbox";
  HttpReply a = Http(port, "GET", Target(Str(first, "url")));
  HttpReply b = Http(port, "GET", Target(Str(second, "url")));
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.body, b.body);
  HttpReply job = Http(port, "GET", "/api/jobs/" + Str(second, "jobId"));
  EXPECT_EQ(Str(job, "status"), "succeeded");
  EXPECT_TRUE(Flag(job, "cached"));

  // The job API too: answered finished at once.
  HttpReply queued = Http(port, "POST", "/api/jobs", body, {{"Content-Type", "application/json"}});
  ASSERT_EQ(queued.status, 202) << queued.body;
  HttpReply now = Http(port, "GET", "/api/jobs/" + Str(queued, "jobId"));
  EXPECT_EQ(Str(now, "status"), "succeeded") << now.body;
  EXPECT_TRUE(Flag(now, "cached"));
  EXPECT_EQ(Renders(server), 1);

  // "cache": false renders; so does any change to the output's fields.
  HttpReply forced = Render(port, RenderBody("tiny.py", "-ql", {{"cache", false}}));
  ASSERT_EQ(forced.status, 200) << forced.body;
  EXPECT_FALSE(Flag(forced, "cached"));
  EXPECT_EQ(Renders(server), 2);
  HttpReply other_fps = Render(port, RenderBody("tiny.py", "-ql", {{"fps", 10}}));
  ASSERT_EQ(other_fps.status, 200) << other_fps.body;
  EXPECT_FALSE(Flag(other_fps, "cached"));
  EXPECT_EQ(Renders(server), 3);
  HttpReply bad = Render(port, RenderBody("tiny.py", "-ql", {{"cache", "no"}}));
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("cache"), std::string::npos) << bad.body;

  // The stored video deleted behind manimd's back: checked, so a render again.
  std::filesystem::remove(server.data_dir() + "/objects/" + Str(first, "s3Key"));
  HttpReply after = Render(port, body);
  ASSERT_EQ(after.status, 200) << after.body;
  EXPECT_FALSE(Flag(after, "cached"));
  EXPECT_EQ(Renders(server), 4);
  EXPECT_EQ(Http(port, "GET", Target(Str(after, "url"))).status, 200);
}

// MCP's render_scene with wait:false: a hit answers finished and cached at once.
HttpReply McpRender(int port, bool cache) {
  boost::json::object code =
      boost::json::parse(RenderBody("tiny.py", "-ql")).as_object();  // the same code
  boost::json::object args{{"code", code.at("codeContent")}, {"quality", "-ql"}, {"wait", false}};
  if (!cache) args["cache"] = false;
  boost::json::object call{
      {"jsonrpc", "2.0"},
      {"id", 1},
      {"method", "tools/call"},
      {"params", boost::json::object{{"name", "render_scene"}, {"arguments", args}}}};
  return Http(
      port, "POST", "/mcp", boost::json::serialize(call),
      {{"Content-Type", "application/json"}, {"Accept", "application/json, text/event-stream"}});
}

TEST(CacheTest, McpRenderSceneIsAnsweredFromTheCacheUnlessToldNot) {
  TestEnv env;
  ServeProcess server(env, {{"CACHE", "on"}});
  ASSERT_GT(server.port(), 0) << server.Log();
  HttpReply first = Render(server.port(), RenderBody("tiny.py", "-ql"));
  ASSERT_EQ(first.status, 200) << first.body;
  HttpReply hit = McpRender(server.port(), true);
  ASSERT_EQ(hit.status, 200) << hit.body;
  ASSERT_TRUE(hit.json.contains("result")) << hit.body;
  const boost::json::value& result = hit.json.at("result");
  EXPECT_EQ(result.at("structuredContent").at("cached"), boost::json::value(true)) << hit.body;
  EXPECT_EQ(result.at("structuredContent").at("status"), boost::json::value("succeeded"));
  EXPECT_NE(hit.body.find("cached"), std::string::npos);
  HttpReply forced = McpRender(server.port(), false);
  ASSERT_EQ(forced.status, 200) << forced.body;
  ASSERT_TRUE(forced.json.contains("result")) << forced.body;
  EXPECT_EQ(forced.json.at("result").at("structuredContent").at("cached"),
            boost::json::value(false))
      << forced.body;
  std::string id(forced.json.at("result").at("structuredContent").at("jobId").as_string());
  EXPECT_EQ(Str(WaitForJob(server.port(), id, 120), "status"), "succeeded");
  EXPECT_EQ(Renders(server), 2) << "the hit started no sandbox; cache:false did";
}

TEST(CacheTest, EightIdenticalRequestsAtOnceRenderOnce) {
  TestEnv env;
  ServeProcess server(env, {{"CACHE", "on"}});
  ASSERT_GT(server.port(), 0) << server.Log();
  std::string body = RenderBody("shapes.py", "-ql");
  std::vector<std::future<HttpReply>> replies;
  for (int i = 0; i < 8; ++i) {
    replies.push_back(std::async(std::launch::async, [&] { return Render(server.port(), body); }));
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
  EXPECT_EQ(Renders(server), 1) << server.Log();
  EXPECT_EQ(cached, 7);
  EXPECT_EQ(keys.size(), 1u);
  EXPECT_EQ(ids.size(), 8u);
}

TEST(CacheTest, AJobWaitingForItsTwinIsCancelledAtOnce) {
  TestEnv env;
  ServeProcess server(env, {{"CACHE", "on"}});  // two render slots: the twin waits in one
  ASSERT_GT(server.port(), 0) << server.Log();
  int port = server.port();
  std::string body = RenderBody("sleepy.py", "-ql");
  Headers json{{"Content-Type", "application/json"}};
  auto status = [&](const std::string& id) {
    return Str(Http(port, "GET", "/api/jobs/" + id), "status");
  };
  HttpReply first = Http(port, "POST", "/api/jobs", body, json);
  ASSERT_EQ(first.status, 202) << first.body;
  std::string first_id = Str(first, "jobId");
  ASSERT_TRUE(WaitFor([&] { return status(first_id) == "running"; }));
  HttpReply twin = Http(port, "POST", "/api/jobs", body, json);
  ASSERT_EQ(twin.status, 202) << twin.body;
  std::string twin_id = Str(twin, "jobId");
  ASSERT_TRUE(WaitFor([&] { return status(twin_id) == "running"; }));
  HttpReply cancelled = Http(port, "DELETE", "/api/jobs/" + twin_id);
  EXPECT_LT(cancelled.status, 300) << cancelled.body;
  ASSERT_TRUE(WaitFor([&] { return status(twin_id) == "cancelled"; }, 30));
  EXPECT_EQ(status(first_id), "running") << "it ended before the render it waited for";
  HttpReply done = WaitForJob(port, first_id, 120);
  EXPECT_EQ(Str(done, "status"), "succeeded") << done.body;
  EXPECT_EQ(Renders(server), 1);
  EXPECT_TRUE(Flag(Render(port, body), "cached"));
}

TEST(CacheTest, KeysDoNotShareAndRandomnessIsNotCached) {
  TestEnv env;
  ServeProcess server(env, {{"CACHE", "on"}});
  ASSERT_GT(server.port(), 0) << server.Log();
  auto key = [&](const std::string& name) {
    return Bearer(CreateKey(env, {{"DATA_DIR", server.data_dir()}}, {"--name", name}));
  };
  Headers a = key("a"), b = key("b");
  std::string body = RenderBody("tiny.py", "-ql");
  EXPECT_FALSE(Flag(Render(server.port(), body, a), "cached"));
  EXPECT_FALSE(Flag(Render(server.port(), body, b), "cached")) << "CACHE_SCOPE=tenant";
  EXPECT_TRUE(Flag(Render(server.port(), body, a), "cached"));
  EXPECT_EQ(Renders(server), 2);

  boost::json::object random_scene{
      {"codeContent",
       "import random\nfrom manim import *\n\nclass R(Scene):\n    def construct(self):\n"
       "        self.play(FadeIn(Dot(RIGHT * random.random())), run_time=0.25)\n"},
      {"quality", "-ql"}};
  std::string random_body = boost::json::serialize(random_scene);
  EXPECT_FALSE(Flag(Render(server.port(), random_body, a), "cached"));
  EXPECT_FALSE(Flag(Render(server.port(), random_body, a), "cached"));
  EXPECT_EQ(Renders(server), 4);
}

TEST(CacheTest, GlobalScopeSharesBetweenKeys) {
  TestEnv env;
  ServeProcess server(env, {{"CACHE", "on"}, {"CACHE_SCOPE", "global"}});
  ASSERT_GT(server.port(), 0) << server.Log();
  std::string body = RenderBody("tiny.py", "-ql");
  EXPECT_FALSE(Flag(Render(server.port(), body), "cached"));
  TestKey x = CreateKey(env, {{"DATA_DIR", server.data_dir()}}, {"--name", "x"});
  HttpReply shared = Render(server.port(), body, XApiKey(x));
  EXPECT_TRUE(Flag(shared, "cached")) << shared.body;
  EXPECT_EQ(Renders(server), 1);
}

}  // namespace
}  // namespace manimd::testing_support
