// API keys in a cluster with real processes (docs/auth.md): redis-server, moto for S3,
// two API nodes and `manimd worker`s on 127.0.0.1. Keys made with `manimd keys` against
// REDIS_URL work on both nodes and a revoke holds at once on both; a key's rate is
// counted once for the cluster; a key's concurrency holds across workers while another
// tenant's job passes.
#include <gtest/gtest.h>

#include "api_keys.h"
#include "cluster_fixture.h"
#include "reply_fields.h"
#include "serve_process.h"

namespace manimd::testing_support {
namespace {

using Headers = std::map<std::string, std::string>;

using Key = TestKey;

class TenantsClusterTest : public ClusterFixture {
 protected:
  // `manimd keys ...` with the cluster's configuration: no API node involved.
  RunResult Keys(std::vector<std::string> args) {
    args.insert(args.begin(), "keys");
    return env_.Manimd(args, Node());
  }
  Key CreateKey(const std::vector<std::string>& flags) {
    return testing_support::CreateKey(env_, Node(), flags);
  }
  std::string SubmitAs(int port, const Key& k, const std::string& scene) {
    Headers h = Bearer(k);
    h["Content-Type"] = "application/json";
    HttpReply r = Http(port, "POST", "/api/jobs", RenderBody(scene, "-ql"), h);
    EXPECT_EQ(r.status, 202) << r.body;
    return r.status == 202 ? Str(r, "jobId") : "";
  }
};

TEST_F(TenantsClusterTest, KeysInRedisWorkOnEveryNodeAndARevokeHoldsAtOnce) {
  auto one = Api();
  auto two = Api();
  ASSERT_GT(one->port(), 0);
  ASSERT_GT(two->port(), 0);
  EXPECT_EQ(Http(two->port(), "GET", "/api/jobs").status, 200);  // no key yet: open
  Key a = CreateKey({"--name", "tenant a"});
  Key b = CreateKey({"--name", "tenant b"});
  for (int port : {one->port(), two->port()}) {
    EXPECT_EQ(Http(port, "GET", "/api/jobs").status, 401) << port;
    EXPECT_EQ(Http(port, "GET", "/api/jobs", "", Bearer(a)).status, 200) << port;
    EXPECT_EQ(Http(port, "GET", "/api/jobs", "", Bearer(b)).status, 200) << port;
  }
  // The keys are in Redis, not in either node's DATA_DIR.
  RunResult local = env_.Manimd({"keys", "list"}, {{"DATA_DIR", one->data_dir()}});
  EXPECT_EQ(local.out.find(a.id), std::string::npos) << local.out;
  RunResult listed = Keys({"list"});
  EXPECT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find(a.id), std::string::npos) << listed.out;
  EXPECT_EQ(listed.out.find(a.secret), std::string::npos) << "secrets are never listed";

  std::string job = SubmitAs(one->port(), a, "tiny.py");
  ASSERT_FALSE(job.empty());
  EXPECT_EQ(Http(two->port(), "GET", "/api/jobs/" + job, "", Bearer(a)).status, 200);
  EXPECT_EQ(Http(two->port(), "GET", "/api/jobs/" + job, "", Bearer(b)).status, 404);

  RunResult revoke = Keys({"revoke", a.id});
  EXPECT_EQ(revoke.exit_code, 0) << revoke.err;
  for (int port : {two->port(), one->port()}) {
    HttpReply revoked = Http(port, "GET", "/api/jobs", "", Bearer(a));
    EXPECT_EQ(revoked.status, 401) << port;
    EXPECT_NE(revoked.body.find("revoked"), std::string::npos) << revoked.body;
    EXPECT_EQ(Http(port, "GET", "/api/jobs", "", Bearer(b)).status, 200) << port;
  }
  EXPECT_EQ(Keys({"revoke", "key_0000000000000000"}).exit_code, 2);
}

TEST_F(TenantsClusterTest, ARateIsCountedOnceForAllNodes) {
  auto one = Api();
  auto two = Api();
  ASSERT_GT(one->port(), 0);
  ASSERT_GT(two->port(), 0);
  Key k = CreateKey({"--name", "slow", "--rate", "3/min"});
  int ports[] = {one->port(), two->port(), one->port()};
  for (int i = 0; i < 3; ++i) {
    HttpReply ok = Http(ports[i], "GET", "/api/jobs", "", Bearer(k));
    EXPECT_EQ(ok.status, 200) << ok.body;
    EXPECT_EQ(ok.Header("ratelimit-limit"), "3");
    EXPECT_EQ(ok.Header("ratelimit-remaining"), std::to_string(2 - i));
  }
  for (int port : {two->port(), one->port()}) {
    HttpReply limited = Http(port, "GET", "/api/jobs", "", Bearer(k));
    EXPECT_EQ(limited.status, 429) << port << " " << limited.body;
    EXPECT_EQ(limited.Header("ratelimit-remaining"), "0");
    int reset = std::atoi(limited.Header("ratelimit-reset").c_str());
    EXPECT_GE(reset, 1);
    EXPECT_LE(reset, 60);
    EXPECT_EQ(limited.Header("retry-after"), limited.Header("ratelimit-reset"));
  }
}

// Two workers with one render slot each: tenant a (concurrency 1) submits two slow jobs,
// then tenant b one small job. a's second job must wait for its first although a slot is
// free; b's job takes that slot meanwhile.
TEST_F(TenantsClusterTest, AKeysConcurrencyHoldsAcrossWorkersWhileOthersPass) {
  auto one = Api();
  auto two = Api();
  ASSERT_GT(one->port(), 0);
  ASSERT_GT(two->port(), 0);
  auto w1 = Worker();
  auto w2 = Worker();
  Key a = CreateKey({"--name", "a", "--concurrency", "1"});
  Key b = CreateKey({"--name", "b"});
  std::string a1 = SubmitAs(one->port(), a, "sleepy.py");
  std::string a2 = SubmitAs(two->port(), a, "sleepy.py");
  std::string b1 = SubmitAs(one->port(), b, "tiny.py");
  ASSERT_FALSE(a1.empty() || a2.empty() || b1.empty());

  // Watch a's jobs through both nodes until both are final: never two running at once.
  int most_running = 0, polls = 0, saw_running = 0;
  bool done = false;
  std::string last;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(180);
  while (!done && std::chrono::steady_clock::now() < deadline) {
    int port = (polls++ % 2 == 0) ? one->port() : two->port();
    HttpReply list = Http(port, "GET", "/api/jobs", "", Bearer(a));
    ASSERT_EQ(list.status, 200) << list.body;
    last = list.body;
    int running = 0, final = 0;
    for (const auto& j : list.json.at("jobs").as_array()) {
      std::string status(j.as_object().at("status").as_string());
      running += status == "running" || status == "uploading";
      final += status == "succeeded" || status == "failed" || status == "cancelled";
    }
    most_running = std::max(most_running, running);
    saw_running += running > 0;
    done = final == 2;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(done) << last;
  EXPECT_EQ(most_running, 1) << "tenant a had two jobs running at once";
  EXPECT_GT(saw_running, 0);

  HttpReply r1 = WaitForJob(one->port(), a1, 10, Bearer(a));
  HttpReply r2 = WaitForJob(two->port(), a2, 10, Bearer(a));
  HttpReply rb = WaitForJob(one->port(), b1, 120, Bearer(b));
  ASSERT_EQ(Str(r1, "status"), "succeeded") << r1.body;
  ASSERT_EQ(Str(r2, "status"), "succeeded") << r2.body;
  ASSERT_EQ(Str(rb, "status"), "succeeded") << rb.body;
  // The jobs of a ran one after the other, and b's ran while a's second waited.
  auto [first, second] =
      Str(r1, "startedAt") < Str(r2, "startedAt") ? std::pair(r1, r2) : std::pair(r2, r1);
  EXPECT_GE(Str(second, "startedAt"), Str(first, "finishedAt"));
  EXPECT_LT(Str(rb, "startedAt"), Str(second, "startedAt"));
  EXPECT_LE(Str(rb, "finishedAt"), Str(second, "finishedAt"));
}

}  // namespace
}  // namespace manimd::testing_support
