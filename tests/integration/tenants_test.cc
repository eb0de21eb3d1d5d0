// API keys against the real server (docs/auth.md): `manimd keys` beside a running
// `manimd serve`, 401s, another tenant's jobs as 404, scoped lists, signed /files/ links,
// revocation at once, 429 with RateLimit headers, and a key's concurrency holding back
// only its own jobs.
#include <gtest/gtest.h>

#include "api_keys.h"
#include "serve_process.h"

namespace manimd::testing_support {
namespace {

using Headers = std::map<std::string, std::string>;

using Key = TestKey;

Key CreateKey(const TestEnv& env, const ServeProcess& server,
              const std::vector<std::string>& flags) {
  return CreateKey(env, {{"DATA_DIR", server.data_dir()}}, flags);
}

std::string SubmitAs(int port, const Headers& auth, const std::string& scene) {
  Headers h = auth;
  h["Content-Type"] = "application/json";
  HttpReply r = Http(port, "POST", "/api/jobs", RenderBody(scene, "-ql"), h);
  EXPECT_EQ(r.status, 202) << r.body;
  return r.status == 202 ? std::string(r.json.at("jobId").as_string()) : "";
}

std::vector<std::string> ListedIds(const HttpReply& r) {
  std::vector<std::string> ids;
  if (!r.json.contains("jobs")) return ids;
  for (const auto& j : r.json.at("jobs").as_array()) {
    ids.emplace_back(j.as_object().at("jobId").as_string());
  }
  return ids;
}

// The path and query of an absolute http:// URL.
std::string Target(const std::string& url) {
  size_t scheme = url.find("://");
  size_t slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  return slash == std::string::npos ? url : url.substr(slash);
}

TEST(TenantsTest, KeysGateTheApiAndScopeJobsAndFiles) {
  TestEnv env;
  ServeProcess server(env);
  ASSERT_GT(server.port(), 0) << server.Log();
  int port = server.port();
  // No key yet: open, as the seed.
  EXPECT_EQ(Http(port, "GET", "/api/jobs").status, 200);

  Key a = CreateKey(env, server, {"--name", "tenant a"});
  Key b = CreateKey(env, server, {"--name", "tenant b"});
  HttpReply missing = Http(port, "GET", "/api/jobs");
  EXPECT_EQ(missing.status, 401) << missing.body;
  EXPECT_EQ(missing.Header("www-authenticate"), "Bearer realm=\"manimd\"");
  EXPECT_NE(missing.body.find("API key is required"), std::string::npos) << missing.body;
  Key forged = a;
  forged.secret = a.secret.substr(0, a.secret.size() - 2) + "xx";
  EXPECT_EQ(Http(port, "GET", "/api/jobs", "", Bearer(forged)).status, 401);
  EXPECT_EQ(Http(port, "GET", "/api/jobs", "", {{"Authorization", "Basic YTpi"}}).status, 401);
  EXPECT_EQ(Http(port, "POST", "/api/render", RenderBody("tiny.py"),
                 {{"Content-Type", "application/json"}})
                .status,
            401);
  EXPECT_EQ(Http(port, "GET", "/health").status, 200);
  EXPECT_EQ(Http(port, "GET", "/ready").status, 200);

  std::string job = SubmitAs(port, XApiKey(a), "tiny.py");
  ASSERT_FALSE(job.empty());
  HttpReply done = WaitForJob(port, job, 120, Bearer(a));
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.json.at("status"), "succeeded") << done.body;
  EXPECT_EQ(Http(port, "GET", "/api/jobs/" + job, "", Bearer(b)).status, 404);
  EXPECT_EQ(Http(port, "GET", "/api/render/status/" + job, "", Bearer(b)).status, 404);
  EXPECT_EQ(Http(port, "DELETE", "/api/jobs/" + job, "", Bearer(b)).status, 404);
  EXPECT_EQ(Http(port, "GET", "/api/jobs/" + job + "/events", "", Bearer(b)).status, 404);
  EXPECT_EQ(ListedIds(Http(port, "GET", "/api/jobs", "", Bearer(a))),
            std::vector<std::string>{job});
  EXPECT_TRUE(ListedIds(Http(port, "GET", "/api/jobs", "", Bearer(b))).empty());

  // The job's url is a signed link; the file needs it, a key alone does not open it.
  std::string url(done.json.at("url").as_string());
  std::string target = Target(url);
  ASSERT_NE(target.find("?expires="), std::string::npos) << url;
  ASSERT_NE(target.find("&sig="), std::string::npos) << url;
  HttpReply file = Http(port, "GET", target);
  EXPECT_EQ(file.status, 200) << file.body;
  EXPECT_GT(file.body.size(), 1000u);
  std::string bare = target.substr(0, target.find('?'));
  EXPECT_EQ(Http(port, "GET", bare).status, 401);
  EXPECT_EQ(Http(port, "GET", bare, "", Bearer(a)).status, 401);
  std::string tampered = target;
  tampered.back() = tampered.back() == '0' ? '1' : '0';
  EXPECT_EQ(Http(port, "GET", tampered).status, 401);

  // Revoked: refused on the very next request; the other key still works.
  RunResult revoke = env.Manimd({"keys", "revoke", a.id}, {{"DATA_DIR", server.data_dir()}});
  EXPECT_EQ(revoke.exit_code, 0) << revoke.err;
  HttpReply revoked = Http(port, "GET", "/api/jobs", "", Bearer(a));
  EXPECT_EQ(revoked.status, 401);
  EXPECT_NE(revoked.body.find("revoked"), std::string::npos) << revoked.body;
  EXPECT_EQ(Http(port, "GET", "/api/jobs", "", Bearer(b)).status, 200);
  RunResult list = env.Manimd({"keys", "list"}, {{"DATA_DIR", server.data_dir()}});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find(a.id), std::string::npos);
  EXPECT_NE(list.out.find("revoked"), std::string::npos);
  EXPECT_EQ(list.out.find(b.secret), std::string::npos) << "secrets are never listed";
  EXPECT_EQ(
      env.Manimd({"keys", "revoke", "key_0000000000000000"}, {{"DATA_DIR", server.data_dir()}})
          .exit_code,
      2);
}

TEST(TenantsTest, AuthRequiredWithoutAnyKeyAndMaxQuality) {
  TestEnv env;
  ServeProcess server(env, {{"AUTH", "required"}});
  ASSERT_GT(server.port(), 0) << server.Log();
  EXPECT_EQ(Http(server.port(), "GET", "/api/jobs").status, 401);
  Key low = CreateKey(env, server, {"--name", "low", "--max-quality", "l"});
  Headers h = Bearer(low);
  h["Content-Type"] = "application/json";
  HttpReply high = Http(server.port(), "POST", "/api/jobs", RenderBody("tiny.py", "-qh"), h);
  EXPECT_EQ(high.status, 400) << high.body;
  EXPECT_NE(high.body.find("quality"), std::string::npos) << high.body;
}

TEST(TenantsTest, RateLimitAnswers429WithRateLimitHeaders) {
  TestEnv env;
  ServeProcess server(env);
  ASSERT_GT(server.port(), 0) << server.Log();
  Key k = CreateKey(env, server, {"--name", "slow", "--rate", "3/min"});
  for (int i = 0; i < 3; ++i) {
    HttpReply ok = Http(server.port(), "GET", "/api/jobs", "", Bearer(k));
    EXPECT_EQ(ok.status, 200) << ok.body;
    EXPECT_EQ(ok.Header("ratelimit-limit"), "3");
    EXPECT_EQ(ok.Header("ratelimit-remaining"), std::to_string(2 - i));
  }
  HttpReply limited = Http(server.port(), "GET", "/api/jobs", "", Bearer(k));
  EXPECT_EQ(limited.status, 429) << limited.body;
  EXPECT_EQ(limited.Header("ratelimit-limit"), "3");
  EXPECT_EQ(limited.Header("ratelimit-remaining"), "0");
  int reset = std::atoi(limited.Header("ratelimit-reset").c_str());
  EXPECT_GE(reset, 1);
  EXPECT_LE(reset, 60);
  EXPECT_EQ(limited.Header("retry-after"), limited.Header("ratelimit-reset"));
  EXPECT_NE(limited.body.find("rate limit"), std::string::npos) << limited.body;
  // Health checks are not counted.
  EXPECT_EQ(Http(server.port(), "GET", "/health", "", Bearer(k)).status, 200);
}

// Tenant a (concurrency 1) queues three four-second jobs, then tenant b one job, on two
// render slots: b's job starts before a's second (which has to wait for a's first), and
// a's jobs never overlap.
TEST(TenantsTest, AKeysConcurrencyHoldsBackOnlyItsOwnJobs) {
  TestEnv env;
  ServeProcess server(env, {{"MAX_CONCURRENT_RENDERS", "2"}});
  ASSERT_GT(server.port(), 0) << server.Log();
  Key a = CreateKey(env, server, {"--name", "a", "--concurrency", "1"});
  Key b = CreateKey(env, server, {"--name", "b"});
  std::vector<std::string> as;
  for (int i = 0; i < 3; ++i) as.push_back(SubmitAs(server.port(), Bearer(a), "sleepy.py"));
  std::string bj = SubmitAs(server.port(), Bearer(b), "tiny.py");
  std::vector<HttpReply> a_done;
  for (const std::string& id : as) a_done.push_back(WaitForJob(server.port(), id, 120, Bearer(a)));
  HttpReply b_done = WaitForJob(server.port(), bj, 120, Bearer(b));
  ASSERT_EQ(b_done.json.at("status"), "succeeded") << b_done.body;
  auto at = [](const HttpReply& r, const char* field) {
    return std::string(r.json.at(field).as_string());
  };
  for (const HttpReply& r : a_done) ASSERT_EQ(r.json.at("status"), "succeeded") << r.body;
  EXPECT_LT(at(b_done, "startedAt"), at(a_done[1], "startedAt"));
  for (int i = 1; i < 3; ++i) {
    EXPECT_GE(at(a_done[i], "startedAt"), at(a_done[i - 1], "finishedAt")) << i;
  }
}

}  // namespace
}  // namespace manimd::testing_support
