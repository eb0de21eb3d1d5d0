// Signed webhooks in a cluster (REDIS_URL) with real processes: redis-server, moto for
// S3, an API node that does not render, `manimd worker`s, and a receiver run by the test.
// Every process dispatches from the deliveries kept in Redis (docs/webhooks.md).
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <map>

#include "cluster_fixture.h"
#include "serve_process.h"
#include "webhook_receiver.h"

namespace manimd::testing_support {
namespace {

constexpr const char* kSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

class ClusterWebhooksTest : public ClusterFixture {
 protected:
  // Every node signs with kSecret, may call 127.0.0.1, retries after `retry_base_ms`.
  static Vars Hooks(const std::string& retry_base_ms) {
    return {{"WEBHOOK_SECRET", kSecret},
            {"WEBHOOK_ALLOW_PRIVATE", "true"},
            {"WEBHOOK_RETRY_BASE_MS", retry_base_ms},
            {"CACHE", "off"}};
  }
  std::unique_ptr<ServeProcess> Api(const std::string& retry_base_ms) {
    return ClusterFixture::Api(Hooks(retry_base_ms));
  }
  std::unique_ptr<ServeProcess> Worker(const std::string& retry_base_ms) {
    return ClusterFixture::Worker(Hooks(retry_base_ms));
  }
  static std::string Submit(int port, const boost::json::object& extra) {
    HttpReply r = Http(port, "POST", "/api/jobs", RenderBody("tiny.py", "-ql", extra),
                       {{"Content-Type", "application/json"}});
    EXPECT_EQ(r.status, 202) << r.body;
    return r.status == 202 ? std::string(r.json.at("jobId").as_string()) : "";
  }
  // Polls the job until its webhook has `attempts` attempts.
  static HttpReply WaitForAttempts(int port, const std::string& id, int attempts) {
    HttpReply r;
    WaitFor(
        [&] {
          r = Http(port, "GET", "/api/jobs/" + id);
          const boost::json::value* w = r.json.if_contains("webhook");
          return w && w->is_object() && w->at("attempts").as_int64() >= attempts;
        },
        60);
    return r;
  }
};

TEST_F(ClusterWebhooksTest, RetriedUntilTheReceiverTakesItSignedWithMetadataEchoed) {
  WebhookReceiver receiver({500, 500});
  auto api = Api("300");
  auto worker = Worker("300");
  boost::json::object metadata{{"order", 42}, {"tags", boost::json::array{"a", "b"}}};
  std::string id = Submit(api->port(), {{"callbackUrl", receiver.Url()},
                                        {"metadata", metadata},
                                        {"callbackHeaders", {{"Authorization", "Bearer xyz"}}}});
  ASSERT_FALSE(id.empty());
  ASSERT_TRUE(receiver.WaitFor(3, 120)) << api->Log() << worker->Log();
  std::vector<ReceivedWebhook> got = receiver.Received();
  for (const ReceivedWebhook& hook : got) {
    EXPECT_EQ(VerifyStandardWebhook(kSecret, hook), "") << hook.body;
    EXPECT_EQ(hook.headers.at("webhook-id"), got[0].headers.at("webhook-id"));
    EXPECT_EQ(hook.headers.at("authorization"), "Bearer xyz");
  }
  boost::json::object body = boost::json::parse(got[2].body).as_object();
  EXPECT_EQ(body.at("type"), "job.finished");
  EXPECT_EQ(body.at("jobId").as_string(), id);
  EXPECT_EQ(body.at("status"), "succeeded");
  EXPECT_EQ(body.at("metadata"), metadata);
  HttpReply job = WaitForAttempts(api->port(), id, 3);
  const boost::json::object& w = job.json.at("webhook").as_object();
  EXPECT_EQ(w.at("attempts").as_int64(), 3) << job.body;
  EXPECT_EQ(w.at("lastStatus").as_int64(), 200) << job.body;
  std::this_thread::sleep_for(std::chrono::seconds(1));
  EXPECT_EQ(receiver.Received().size(), 3u);
}

TEST_F(ClusterWebhooksTest, ARestartOfEveryProcessBetweenAttemptsLosesNone) {
  WebhookReceiver receiver({503});
  std::string id, webhook_id;
  {
    auto api = Api("8000");
    auto worker = Worker("8000");
    id = Submit(api->port(), {{"callbackUrl", receiver.Url()}});
    ASSERT_TRUE(receiver.WaitFor(1, 120)) << api->Log() << worker->Log();
    webhook_id = receiver.Received()[0].headers.at("webhook-id");
    EXPECT_EQ(worker->Stop(SIGTERM), 0) << worker->Log();  // before the retry is due
    EXPECT_EQ(api->Stop(SIGTERM), 0) << api->Log();
  }
  EXPECT_EQ(receiver.Received().size(), 1u);
  auto api = Api("8000");
  ASSERT_TRUE(receiver.WaitFor(2, 60)) << api->Log();
  ReceivedWebhook second = receiver.Received()[1];
  EXPECT_EQ(second.headers.at("webhook-id"), webhook_id);
  EXPECT_EQ(VerifyStandardWebhook(kSecret, second), "");
  HttpReply job = WaitForAttempts(api->port(), id, 2);
  EXPECT_EQ(job.json.at("webhook").at("lastStatus").as_int64(), 200) << job.body;
}

// Three dispatchers (the API node and two workers) share the deliveries; the receiver
// fails some first attempts so that retries are claimed too. Every message reaches it as
// many times as its job counts attempts (no attempt sent twice) and succeeds once.
TEST_F(ClusterWebhooksTest, ThreeDispatchersNeverSendOneAttemptTwice) {
  WebhookReceiver receiver({500, 500, 500, 500});
  auto api = Api("200");
  auto a = Worker("200");
  auto b = Worker("200");
  std::vector<std::string> ids;
  for (int i = 0; i < 6; ++i) ids.push_back(Submit(api->port(), {{"callbackUrl", receiver.Url()}}));
  std::map<std::string, int> attempts_of;  // webhook-id -> the job's count of attempts
  int total = 0;
  for (const std::string& id : ids) {
    ASSERT_FALSE(id.empty());
    HttpReply job = WaitForJob(api->port(), id, 120);
    ASSERT_TRUE(WaitFor(
        [&] {
          job = Http(api->port(), "GET", "/api/jobs/" + id);
          const boost::json::value* w = job.json.if_contains("webhook");
          return w && w->is_object() && w->at("deliveredAt").is_string();
        },
        60))
        << job.body << api->Log();
    total += static_cast<int>(job.json.at("webhook").at("attempts").as_int64());
  }
  std::this_thread::sleep_for(std::chrono::seconds(1));  // anything sent twice arrives too
  std::map<std::string, int> received;                   // webhook-id -> requests
  std::map<std::string, int> jobs;                       // job id -> messages
  for (const ReceivedWebhook& hook : receiver.Received()) {
    EXPECT_EQ(VerifyStandardWebhook(kSecret, hook), "");
    ++received[hook.headers.at("webhook-id")];
    ++jobs[std::string(boost::json::parse(hook.body).at("jobId").as_string())];
  }
  EXPECT_EQ(received.size(), 6u);  // one message per job
  EXPECT_EQ(static_cast<int>(receiver.Received().size()), total);
  EXPECT_EQ(total, 6 + 4);  // each of the four failed attempts was followed by one more
  for (const std::string& id : ids) EXPECT_EQ(jobs.count(id), 1u) << id;
}

TEST_F(ClusterWebhooksTest, ProgressWebhooksComeFromTheRenderingWorker) {
  WebhookReceiver receiver;
  auto api = Api("300");
  auto worker = Worker("300");
  HttpReply r = Http(api->port(), "POST", "/api/jobs",
                     RenderBody("progress.py", "-ql",
                                {{"callbackUrl", receiver.Url()},
                                 {"callbackEvents", boost::json::array{"progress"}}}),
                     {{"Content-Type", "application/json"}});
  ASSERT_EQ(r.status, 202) << r.body;
  WaitForJob(api->port(), std::string(r.json.at("jobId").as_string()), 120);
  ASSERT_TRUE(receiver.WaitFor(2, 30)) << worker->Log();
  std::this_thread::sleep_for(std::chrono::seconds(1));
  std::vector<std::string> types;
  for (const ReceivedWebhook& hook : receiver.Received()) {
    EXPECT_EQ(VerifyStandardWebhook(kSecret, hook), "");
    types.emplace_back(boost::json::parse(hook.body).at("type").as_string());
  }
  EXPECT_EQ(std::count(types.begin(), types.end(), "job.finished"), 1);
  EXPECT_GE(std::count(types.begin(), types.end(), "job.progress"), 1);
}

}  // namespace
}  // namespace manimd::testing_support
