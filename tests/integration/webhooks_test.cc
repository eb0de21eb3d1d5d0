// Signed webhooks against a real `manimd serve` and a receiver run by the test: retries
// until the receiver takes one, the same message after a restart, metadata echoed, the
// address policy, a receiver that verifies every signature, and API keys' own secrets.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "api_keys.h"
#include "serve_process.h"
#include "webhook_receiver.h"

namespace manimd::testing_support {
namespace {

constexpr const char* kSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

std::map<std::string, std::string> HookVars(const std::string& base_ms) {
  return {{"WEBHOOK_SECRET", kSecret},
          {"WEBHOOK_ALLOW_PRIVATE", "true"},
          {"WEBHOOK_RETRY_BASE_MS", base_ms}};
}

std::string Submit(int port, const boost::json::object& extra) {
  HttpReply r = Http(port, "POST", "/api/jobs", RenderBody("tiny.py", "-ql", extra),
                     {{"Content-Type", "application/json"}});
  EXPECT_EQ(r.status, 202) << r.body;
  return r.status == 202 ? std::string(r.json.at("jobId").as_string()) : "";
}

// Polls the job until its webhook has `attempts` attempts.
HttpReply WaitForAttempts(int port, const std::string& id, int attempts, int timeout_s = 60) {
  HttpReply r;
  WaitFor(
      [&] {
        r = Http(port, "GET", "/api/jobs/" + id);
        const boost::json::value* w = r.json.if_contains("webhook");
        return w && w->is_object() && w->at("attempts").as_int64() >= attempts;
      },
      timeout_s);
  return r;
}

TEST(WebhooksTest, RetriedUntilTheReceiverTakesItSignedWithMetadataEchoed) {
  TestEnv env;
  WebhookReceiver receiver({500, 500});
  ServeProcess server(env, HookVars("300"));
  ASSERT_GT(server.port(), 0) << server.Log();
  boost::json::object metadata{
      {"order", 42}, {"tags", boost::json::array{"a", "b"}}, {"nested", {{"x", nullptr}}}};
  std::string id = Submit(server.port(), {{"callbackUrl", receiver.Url()},
                                          {"metadata", metadata},
                                          {"callbackHeaders", {{"Authorization", "Bearer xyz"}}}});
  ASSERT_FALSE(id.empty());
  ASSERT_TRUE(receiver.WaitFor(3, 120)) << server.Log();
  std::vector<ReceivedWebhook> got = receiver.Received();
  for (const ReceivedWebhook& hook : got) {
    EXPECT_EQ(VerifyStandardWebhook(kSecret, hook), "") << hook.body;
    EXPECT_EQ(hook.target, "/hook");
    EXPECT_EQ(hook.headers.at("webhook-id"), got[0].headers.at("webhook-id"));
    EXPECT_EQ(hook.headers.at("authorization"), "Bearer xyz");
    EXPECT_EQ(hook.headers.at("content-type"), "application/json");
  }
  boost::json::object body = boost::json::parse(got[2].body).as_object();
  EXPECT_EQ(body.at("type"), "job.finished");
  EXPECT_EQ(body.at("jobId").as_string(), id);
  EXPECT_EQ(body.at("status"), "succeeded");
  EXPECT_EQ(body.at("metadata"), metadata);
  EXPECT_TRUE(body.at("usage").is_object());
  EXPECT_FALSE(body.contains("webhook"));
  HttpReply job = WaitForAttempts(server.port(), id, 3);
  const boost::json::object& w = job.json.at("webhook").as_object();
  EXPECT_EQ(w.at("attempts").as_int64(), 3) << job.body;
  EXPECT_EQ(w.at("lastStatus").as_int64(), 200) << job.body;
  EXPECT_TRUE(w.at("deliveredAt").is_string()) << job.body;
  EXPECT_EQ(job.json.at("metadata"), metadata);
  // The retry waited: nothing more arrives once delivered.
  std::this_thread::sleep_for(std::chrono::seconds(1));
  EXPECT_EQ(receiver.Received().size(), 3u);
}

TEST(WebhooksTest, ARestartBetweenAttemptsLosesNone) {
  TestEnv env;
  WebhookReceiver receiver({503});
  std::string id, webhook_id;
  {
    ServeProcess server(env, HookVars("4000"));
    ASSERT_GT(server.port(), 0) << server.Log();
    id = Submit(server.port(), {{"callbackUrl", receiver.Url()}});
    ASSERT_TRUE(receiver.WaitFor(1, 120)) << server.Log();
    webhook_id = receiver.Received()[0].headers.at("webhook-id");
    EXPECT_EQ(server.Stop(SIGTERM), 0) << server.Log();  // before the retry is due
  }
  EXPECT_EQ(receiver.Received().size(), 1u);
  ServeProcess again(env, HookVars("4000"));
  ASSERT_GT(again.port(), 0) << again.Log();
  ASSERT_TRUE(receiver.WaitFor(2, 60)) << again.Log();
  ReceivedWebhook second = receiver.Received()[1];
  EXPECT_EQ(second.headers.at("webhook-id"), webhook_id);
  EXPECT_EQ(VerifyStandardWebhook(kSecret, second), "");
  HttpReply job = WaitForAttempts(again.port(), id, 2);
  EXPECT_EQ(job.json.at("webhook").at("lastStatus").as_int64(), 200) << job.body;
}

TEST(WebhooksTest, LoopbackIsRefusedUnlessAllowedAndNeverConnected) {
  TestEnv env;
  WebhookReceiver receiver;
  ServeProcess server(env, {{"WEBHOOK_SECRET", kSecret}, {"WEBHOOK_RETRY_BASE_MS", "50"}});
  ASSERT_GT(server.port(), 0) << server.Log();
  std::string id = Submit(server.port(), {{"callbackUrl", receiver.Url()}});
  HttpReply job = WaitForAttempts(server.port(), id, 1);
  const boost::json::object& w = job.json.at("webhook").as_object();
  EXPECT_EQ(w.at("attempts").as_int64(), 1) << job.body;  // refused: never retried
  EXPECT_TRUE(w.at("lastStatus").is_null()) << job.body;
  EXPECT_NE(std::string(w.at("lastError").as_string()).find("loopback"), std::string::npos)
      << job.body;
  EXPECT_TRUE(w.at("deliveredAt").is_null());
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(receiver.Connections(), 0);
}

TEST(WebhooksTest, ProgressWebhooksAtMostOnceASecond) {
  TestEnv env;
  WebhookReceiver receiver;
  ServeProcess server(env, HookVars("300"));
  ASSERT_GT(server.port(), 0) << server.Log();
  HttpReply r = Http(server.port(), "POST", "/api/jobs",
                     RenderBody("progress.py", "-ql",
                                {{"callbackUrl", receiver.Url()},
                                 {"callbackEvents", boost::json::array{"progress"}}}),
                     {{"Content-Type", "application/json"}});
  ASSERT_EQ(r.status, 202) << r.body;
  std::string id(r.json.at("jobId").as_string());
  WaitForJob(server.port(), id, 120);
  ASSERT_TRUE(receiver.WaitFor(1, 30));
  std::this_thread::sleep_for(std::chrono::seconds(1));
  std::vector<std::string> types;
  for (const ReceivedWebhook& hook : receiver.Received()) {
    EXPECT_EQ(VerifyStandardWebhook(kSecret, hook), "");
    types.emplace_back(boost::json::parse(hook.body).at("type").as_string());
  }
  ASSERT_FALSE(types.empty());
  EXPECT_EQ(types.back(), "job.finished");
  EXPECT_EQ(std::count(types.begin(), types.end(), "job.finished"), 1);
  EXPECT_GE(std::count(types.begin(), types.end(), "job.progress"), 1);
}

TEST(WebhooksTest, BadCallbackFieldsAre400NamingTheField) {
  TestEnv env;
  ServeProcess server(env, HookVars("300"));
  ASSERT_GT(server.port(), 0) << server.Log();
  HttpReply r = Http(server.port(), "POST", "/api/jobs",
                     RenderBody("tiny.py", "-ql", {{"callbackHeaders", {{"Host", "evil"}}}}),
                     {{"Content-Type", "application/json"}});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.json.at("errors").at(0).at("path").at(0), "callbackHeaders") << r.body;
}

TestKey CreateKey(const TestEnv& env, const ServeProcess& server,
                  const std::vector<std::string>& flags) {
  return CreateKey(env, {{"DATA_DIR", server.data_dir()}}, flags);
}

std::string SubmitAs(int port, const TestKey& key, const std::string& url) {
  HttpReply r =
      Http(port, "POST", "/api/jobs", RenderBody("tiny.py", "-ql", {{"callbackUrl", url}}),
           {{"Content-Type", "application/json"}, {"X-API-Key", key.secret}});
  EXPECT_EQ(r.status, 202) << r.body;
  return r.status == 202 ? std::string(r.json.at("jobId").as_string()) : "";
}

TEST(WebhooksTest, AKeysOwnSecretSignsItsJobsWebhooksAndOthersUseTheGlobalOne) {
  TestEnv env;
  WebhookReceiver receiver;
  ServeProcess server(env, HookVars("300"));
  ASSERT_GT(server.port(), 0) << server.Log();
  TestKey own = CreateKey(env, server, {"--name", "own", "--webhook-secret"});
  TestKey plain = CreateKey(env, server, {"--name", "plain"});
  ASSERT_TRUE(own.webhook_secret.starts_with("whsec_")) << own.webhook_secret;
  EXPECT_EQ(plain.webhook_secret, "");
  std::string own_job = SubmitAs(server.port(), own, receiver.Url());
  ASSERT_TRUE(receiver.WaitFor(1, 120)) << server.Log();
  std::string plain_job = SubmitAs(server.port(), plain, receiver.Url());
  ASSERT_TRUE(receiver.WaitFor(2, 120)) << server.Log();
  std::map<std::string, ReceivedWebhook> by_job;
  for (const ReceivedWebhook& hook : receiver.Received()) {
    by_job[std::string(boost::json::parse(hook.body).at("jobId").as_string())] = hook;
  }
  ASSERT_EQ(by_job.count(own_job), 1u);
  ASSERT_EQ(by_job.count(plain_job), 1u);
  EXPECT_EQ(VerifyStandardWebhook(own.webhook_secret, by_job[own_job]), "");
  EXPECT_NE(VerifyStandardWebhook(kSecret, by_job[own_job]), "");
  EXPECT_EQ(VerifyStandardWebhook(kSecret, by_job[plain_job]), "");
  EXPECT_NE(VerifyStandardWebhook(own.webhook_secret, by_job[plain_job]), "");
  RunResult list = env.Manimd({"keys", "list"}, {{"DATA_DIR", server.data_dir()}});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("WEBHOOK SECRET"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("own"), std::string::npos) << list.out;
  EXPECT_EQ(list.out.find(own.webhook_secret), std::string::npos) << "never listed";
}

TEST(WebhooksTest, AKeysOwnSecretEnablesWebhooksWithoutAGlobalOne) {
  TestEnv env;
  WebhookReceiver receiver;
  ServeProcess server(env, {{"WEBHOOK_ALLOW_PRIVATE", "true"}, {"WEBHOOK_RETRY_BASE_MS", "300"}});
  ASSERT_GT(server.port(), 0) << server.Log();
  TestKey own = CreateKey(env, server, {"--name", "own", "--webhook-secret"});
  TestKey plain = CreateKey(env, server, {"--name", "plain"});
  std::string plain_job = SubmitAs(server.port(), plain, receiver.Url());
  WaitForJob(server.port(), plain_job, 120, {{"X-API-Key", plain.secret}});
  std::string own_job = SubmitAs(server.port(), own, receiver.Url());
  ASSERT_TRUE(receiver.WaitFor(1, 120)) << server.Log();
  std::this_thread::sleep_for(std::chrono::seconds(1));
  std::vector<ReceivedWebhook> got = receiver.Received();
  ASSERT_EQ(got.size(), 1u);  // the plain key's job has nothing to sign with: none sent
  EXPECT_EQ(boost::json::parse(got[0].body).at("jobId").as_string(), own_job);
  EXPECT_EQ(VerifyStandardWebhook(own.webhook_secret, got[0]), "");
}

// A receiver that accepts connections (the kernel does, from its backlog) and never
// answers: every attempt to it runs until WEBHOOK_TIMEOUT_MS.
class HangingReceiver {
 public:
  HangingReceiver() {
    fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a = Loopback(0);
    socklen_t len = sizeof a;
    if (bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 && listen(fd_, 16) == 0 &&
        getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len) == 0) {
      port_ = ntohs(a.sin_port);
    }
  }
  ~HangingReceiver() { close(fd_); }
  std::string Url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hang"; }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

TEST(WebhooksTest, AHangingReceiverDoesNotHoldBackAnotherJobsWebhook) {
  TestEnv env;
  WebhookReceiver receiver;
  HangingReceiver hanging;
  ASSERT_GT(hanging.port(), 0);
  std::map<std::string, std::string> vars = HookVars("300");
  vars["WEBHOOK_TIMEOUT_MS"] = "60000";
  vars["WEBHOOK_CONCURRENCY"] = "2";
  ServeProcess server(env, vars);
  ASSERT_GT(server.port(), 0) << server.Log();
  std::string stuck = Submit(server.port(), {{"callbackUrl", hanging.Url()}});
  WaitForJob(server.port(), stuck, 120);
  std::string other = Submit(server.port(), {{"callbackUrl", receiver.Url()}});
  ASSERT_TRUE(receiver.WaitFor(1, 45)) << server.Log();
  EXPECT_EQ(boost::json::parse(receiver.Received()[0].body).at("jobId").as_string(), other);
  // The first job's attempt is still waiting for its receiver's answer.
  HttpReply job = Http(server.port(), "GET", "/api/jobs/" + stuck);
  EXPECT_FALSE(job.json.contains("webhook") && job.json.at("webhook").is_object() &&
               job.json.at("webhook").at("attempts").as_int64() > 0)
      << job.body;
}

}  // namespace
}  // namespace manimd::testing_support
