// Signed webhooks against a real `manimd serve` and a receiver run by the test: retries
// until the receiver takes one, the same message after a restart, metadata echoed, the
// address policy, and a receiver that verifies every signature.
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace manimd::testing_support
