// GET /metrics against a real `manimd serve`: known traffic (real renders in the real
// sandbox, a failing scene, 404s, a validation error) gives exact counts; the exposition
// passes `promtool check metrics`; METRICS_TOKEN closes it.
#include <gtest/gtest.h>

#include <regex>

#include "redis_server.h"
#include "serve_process.h"

namespace manimd::testing_support {
namespace {

// The sample line `series value` of a scrape, or "" when the series is absent.
std::string Sample(const std::string& text, const std::string& series) {
  size_t at = text.find("\n" + series + " ");
  if (at == std::string::npos) return "";
  size_t start = at + 1 + series.size() + 1;
  return text.substr(start, text.find('\n', start) - start);
}

std::string Requests(const std::string& method, const std::string& route, int status) {
  return "manimd_http_requests_total{method=\"" + method + "\",route=\"" + route + "\",status=\"" +
         std::to_string(status) + "\"}";
}

TEST(MetricsTest, KnownTrafficGivesExactCountsAndAValidExposition) {
  TestEnv env;
  ServeProcess server(env);
  ASSERT_GT(server.port(), 0) << server.Log();
  int port = server.port();
  for (int i = 0; i < 2; ++i) {
    HttpReply ok = PostRender(port, RenderBody("tiny.py", "-ql"));
    ASSERT_EQ(ok.status, 200) << ok.body;
  }
  HttpReply failed = PostRender(port, RenderBody("errors_exception.py", "-ql"));
  ASSERT_EQ(failed.status, 422) << failed.body;
  ASSERT_EQ(failed.json.at("error").at("kind"), "python_error");
  ASSERT_EQ(PostRender(port, R"({"codeContent": ""})").status, 400);
  ASSERT_EQ(Http(port, "GET", "/api/jobs/0123456789abcdef0123456789abcdef").status, 404);
  ASSERT_EQ(Http(port, "GET", "/wp-admin/../../etc/passwd").status, 404);

  // A request is counted just after its answer is sent, by the thread that served it, and a
  // render's slot is free just after its answer too: a scrape may come before any of them
  // (not only the last: each request had its own connection, perhaps its own thread).
  std::string text;
  ASSERT_TRUE(WaitFor(
      [&] {
        HttpReply scrape = Http(port, "GET", "/metrics");
        text = scrape.body;
        return scrape.status == 200 && Sample(text, Requests("GET", "unmatched", 404)) == "1" &&
               Sample(text, Requests("POST", "/api/render", 200)) == "2" &&
               Sample(text, Requests("POST", "/api/render", 422)) == "1" &&
               Sample(text, Requests("POST", "/api/render", 400)) == "1" &&
               Sample(text, Requests("GET", "/api/jobs/{id}", 404)) == "1" &&
               Sample(text, "manimd_renders_running") == "0";
      },
      10))
      << text;
  EXPECT_EQ(Sample(text, Requests("POST", "/api/render", 200)), "2") << text;
  EXPECT_EQ(Sample(text, Requests("POST", "/api/render", 422)), "1");
  EXPECT_EQ(Sample(text, Requests("POST", "/api/render", 400)), "1");
  EXPECT_EQ(Sample(text, Requests("GET", "/api/jobs/{id}", 404)), "1");
  EXPECT_EQ(text.find("wp-admin"), std::string::npos) << "a raw path became a label";
  EXPECT_EQ(Sample(text, R"(manimd_renders_total{error_kind="none",outcome="succeeded"})"), "2");
  EXPECT_EQ(Sample(text, R"(manimd_renders_total{error_kind="python_error",outcome="failed"})"),
            "1");
  EXPECT_EQ(Sample(text, R"(manimd_render_duration_seconds_count{quality="l"})"), "3");
  EXPECT_EQ(Sample(text, R"(manimd_queue_wait_seconds_count{quality="l"})"), "3");
  EXPECT_EQ(Sample(text, R"(manimd_upload_duration_seconds_count{quality="l"})"), "2");
  EXPECT_EQ(
      Sample(text,
             R"(manimd_http_request_duration_seconds_count{method="POST",route="/api/render"})"),
      "4");
  EXPECT_EQ(Sample(text, "manimd_queue_depth"), "0");
  EXPECT_EQ(Sample(text, "manimd_renders_running"), "0");
  EXPECT_EQ(Sample(text, "manimd_render_slots"), "2");  // the test environment's two slots
  EXPECT_EQ(Sample(text, R"(manimd_storage_errors_total{operation="put"})"), "0");
  EXPECT_EQ(Sample(text, "manimd_fork_server_fallbacks_total"), "0");
  // Each slot's zygote starts on its first job; which slots the three jobs took is the
  // pool's business.
  std::string starts = Sample(text, "manimd_fork_server_starts_total");
  EXPECT_TRUE(starts == "1" || starts == "2") << starts;
  EXPECT_EQ(Sample(text, "manimd_fork_server_recycles_total"), "0");

  std::string file = env.WriteFile("scrape.prom", text);
  RunResult check = RunCommand({"sh", "-c", "promtool check metrics < " + file}, {}, env.dir());
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  EXPECT_EQ(check.out + check.err, "") << "promtool found problems";
}

TEST(MetricsTest, RecyclingAFullForkServerIsCounted) {
  TestEnv env;
  ServeProcess server(env, {{"FORK_SERVER_MAX_JOBS", "1"}, {"MAX_CONCURRENT_RENDERS", "1"}});
  ASSERT_GT(server.port(), 0) << server.Log();
  for (int i = 0; i < 2; ++i) {
    HttpReply ok = PostRender(server.port(), RenderBody("tiny.py", "-ql"));
    ASSERT_EQ(ok.status, 200) << ok.body;
  }
  std::string text = Http(server.port(), "GET", "/metrics").body;
  EXPECT_EQ(Sample(text, "manimd_fork_server_starts_total"), "2") << text;
  EXPECT_EQ(Sample(text, "manimd_fork_server_recycles_total"), "2");
  EXPECT_EQ(Sample(text, "manimd_render_slots"), "1");
}

TEST(MetricsTest, MetricsTokenIsNeededWhenSet) {
  TestEnv env;
  ServeProcess server(env, {{"METRICS_TOKEN", "s3cret-token"}});
  ASSERT_GT(server.port(), 0) << server.Log();
  int port = server.port();
  HttpReply none = Http(port, "GET", "/metrics");
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(none.Header("www-authenticate"), R"(Bearer realm="manimd metrics")");
  EXPECT_NE(none.json.at("message").as_string().find("METRICS_TOKEN"), std::string::npos);
  EXPECT_EQ(none.body.find("manimd_"), std::string::npos);
  EXPECT_EQ(Http(port, "GET", "/metrics", "", {{"Authorization", "Bearer s3cret-toke"}}).status,
            401);
  EXPECT_EQ(Http(port, "GET", "/metrics", "", {{"Authorization", "Basic s3cret-token"}}).status,
            401);
  HttpReply ok;
  EXPECT_TRUE(WaitFor(
      [&] {
        ok = Http(port, "GET", "/metrics", "", {{"Authorization", "Bearer s3cret-token"}});
        return ok.status == 200 && Sample(ok.body, Requests("GET", "/metrics", 401)) == "3";
      },
      10))
      << ok.status << " " << ok.body;
  EXPECT_EQ(ok.Header("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  // The token is a secret: never in the log.
  EXPECT_EQ(server.Log().find("s3cret-token"), std::string::npos);
}

TEST(MetricsTest, ApiNodesOverRedisReportTheClustersQueueAndNoSlots) {
  TestEnv env;
  RedisServer redis;
  ASSERT_FALSE(redis.url().empty()) << redis.log();
  std::map<std::string, std::string> node = {
      {"REDIS_URL", redis.url()}, {"DATA_DIR_SHARED", "on"}, {"SERVE_RENDERS", "off"}};
  ServeProcess a(env, node);
  ASSERT_GT(a.port(), 0) << a.Log();
  ServeProcess b(env, node);
  ASSERT_GT(b.port(), 0) << b.Log();
  // No worker runs: both jobs wait in Redis.
  for (int i = 0; i < 2; ++i) {
    HttpReply r = Http(a.port(), "POST", "/api/jobs", RenderBody("tiny.py"),
                       {{"Content-Type", "application/json"}});
    ASSERT_EQ(r.status, 202) << r.body;
  }
  for (const ServeProcess* server : {&a, &b}) {
    std::string text = Http(server->port(), "GET", "/metrics").body;
    EXPECT_EQ(Sample(text, "manimd_queue_depth"), "2") << text;
    EXPECT_EQ(Sample(text, "manimd_renders_running"), "0");
    EXPECT_EQ(Sample(text, "manimd_render_slots"), "0");
  }
}

}  // namespace
}  // namespace manimd::testing_support
