// The dispatcher with a scripted sender and a manual clock: signing, the retry rules and
// the backoff schedule, progress without retries.
#include <gtest/gtest.h>

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

#include "webhooks/callback_headers.h"
#include "webhooks/dispatcher.h"
#include "webhooks/signature.h"

namespace manimd::webhooks {
namespace {

class ScriptedSender : public Sender {
 public:
  explicit ScriptedSender(std::deque<SendResult> script) : script_(std::move(script)) {}
  SendResult Post(const std::string&, const std::vector<std::pair<std::string, std::string>>& h,
                  const std::string& body) override {
    std::lock_guard lock(mu_);
    sent_.push_back({h, body});
    if (script_.empty()) return SendResult{200, "", false};
    SendResult r = script_.front();
    script_.pop_front();
    return r;
  }
  size_t sent() {
    std::lock_guard lock(mu_);
    return sent_.size();
  }
  std::vector<std::pair<std::string, std::string>> headers(size_t i) {
    std::lock_guard lock(mu_);
    return sent_.at(i).first;
  }

 private:
  std::mutex mu_;
  std::deque<SendResult> script_;
  std::vector<std::pair<std::vector<std::pair<std::string, std::string>>, std::string>> sent_;
};

std::string Header(const std::vector<std::pair<std::string, std::string>>& h,
                   const std::string& name) {
  for (const auto& [n, v] : h) {
    if (n == name) return v;
  }
  return "";
}

bool Eventually(const std::function<bool()>& done) {
  for (int i = 0; i < 500 && !done(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return done();
}

DispatcherOptions Options(std::string key, int max_attempts, std::int64_t base_delay_ms) {
  DispatcherOptions o;
  o.key = std::move(key);
  o.max_attempts = max_attempts;
  o.base_delay_ms = base_delay_ms;
  return o;
}

Delivery Final(const std::string& job) {
  Delivery d;
  d.id = NewDeliveryId();
  d.job_id = job;
  d.type = "job.finished";
  d.url = "http://receiver.test/hook";
  d.headers = {{"Authorization", "Bearer t"}};
  d.body = R"({"jobId":")" + job + R"("})";
  return d;
}

TEST(WebhookDispatcherTest, BackoffGrowsFivefoldOverAboutADay) {
  EXPECT_EQ(RetryDelayMs(5000, 1), 5000);
  EXPECT_EQ(RetryDelayMs(5000, 2), 25000);
  std::int64_t total = 0;
  for (int attempt = 1; attempt < 8; ++attempt) total += RetryDelayMs(5000, attempt);
  EXPECT_GT(total, 20LL * 3600 * 1000);
  EXPECT_LT(total, 30LL * 3600 * 1000);
}

TEST(WebhookDispatcherTest, WhatIsRetried) {
  EXPECT_TRUE(IsRetryable({0, "timeout", false}));
  EXPECT_TRUE(IsRetryable({429, "", false}));
  EXPECT_TRUE(IsRetryable({503, "", false}));
  EXPECT_FALSE(IsRetryable({400, "", false}));
  EXPECT_FALSE(IsRetryable({404, "", false}));
  EXPECT_FALSE(IsRetryable({301, "", false}));
  EXPECT_FALSE(IsRetryable({0, "refused", true}));
}

TEST(WebhookDispatcherTest, SignsEachAttemptAndRetriesUntilDelivered) {
  core::Result<std::string> key = DecodeSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  ASSERT_TRUE(key.ok());
  MemDeliveryStore store;
  ScriptedSender sender({{500, "", false}, {0, "Timeout was reached", false}});
  core::ManualClock clock(1'700'000'000'000);
  Dispatcher dispatcher(Options(*key, 8, 1000), &store, &sender, &clock);
  std::mutex mu;
  std::vector<jobs::WebhookState> states;
  dispatcher.Start([&](const std::string& job, const jobs::WebhookState& s) {
    EXPECT_EQ(job, "j1");
    std::lock_guard lock(mu);
    states.push_back(s);
  });
  Delivery d = Final("j1");
  ASSERT_TRUE(dispatcher.Enqueue(d).ok());
  ASSERT_TRUE(Eventually([&] { return sender.sent() == 1; }));
  clock.Advance(999);  // not due yet
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(sender.sent(), 1u);
  clock.Advance(1);
  ASSERT_TRUE(Eventually([&] { return sender.sent() == 2; }));
  clock.Advance(5000);  // the second wait is five times the first
  ASSERT_TRUE(Eventually([&] { return sender.sent() == 3; }));
  ASSERT_TRUE(Eventually([&] {
    std::lock_guard lock(mu);
    return states.size() == 3;
  }));
  std::lock_guard lock(mu);
  EXPECT_EQ(states[0].last_status, 500);
  EXPECT_EQ(states[1].last_error, "Timeout was reached");
  EXPECT_EQ(states[2].attempts, 3);
  EXPECT_EQ(states[2].last_status, 200);
  EXPECT_EQ(states[2].delivered_ms, clock.NowMs());
  for (size_t i = 0; i < 3; ++i) {
    auto h = sender.headers(i);
    EXPECT_EQ(Header(h, "webhook-id"), d.id);  // the same id on every attempt
    EXPECT_EQ(Header(h, "Authorization"), "Bearer t");
    std::int64_t ts = std::stoll(Header(h, "webhook-timestamp"));
    EXPECT_EQ(Header(h, "webhook-signature"), Sign(*key, d.id, ts, d.body));
  }
  EXPECT_TRUE(store.Due(clock.NowMs() + 1'000'000'000, 10)->empty());
}

TEST(WebhookDispatcherTest, GivesUpOnOther4xxAndAfterMaxAttempts) {
  MemDeliveryStore store;
  ScriptedSender sender({{410, "", false}, {503, "", false}, {503, "", false}});
  core::ManualClock clock;
  Dispatcher dispatcher(Options("k", 2, 10), &store, &sender, &clock);
  dispatcher.Start({});
  ASSERT_TRUE(dispatcher.Enqueue(Final("gone")).ok());
  ASSERT_TRUE(Eventually([&] { return sender.sent() == 1; }));
  ASSERT_TRUE(dispatcher.Enqueue(Final("busy")).ok());
  ASSERT_TRUE(Eventually([&] { return sender.sent() == 2; }));
  clock.Advance(10);
  ASSERT_TRUE(Eventually([&] { return sender.sent() == 3; }));
  clock.Advance(1'000'000);
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  EXPECT_EQ(sender.sent(), 3u);  // 410 once; 503 twice, the limit
}

TEST(WebhookDispatcherTest, ProgressIsSentOnceNeverRetried) {
  MemDeliveryStore store;
  ScriptedSender sender({{500, "", false}});
  core::ManualClock clock;
  Dispatcher dispatcher(Options("k", 8, 10), &store, &sender, &clock);
  dispatcher.Start({});
  Delivery p = Final("p");
  p.type = "job.progress";
  dispatcher.EnqueueProgress(p);
  ASSERT_TRUE(Eventually([&] { return sender.sent() == 1; }));
  clock.Advance(1'000'000);
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  EXPECT_EQ(sender.sent(), 1u);
}

TEST(WebhookDispatcherTest, ADeliveryWithASignerIsSignedWithThatKeysSecretOrNotSentAtAll) {
  MemDeliveryStore store;
  ScriptedSender sender({});
  core::ManualClock clock(1'700'000'000'000);
  DispatcherOptions options = Options("global", 8, 10);
  options.key_of = [](const std::string& signer) -> std::optional<std::string> {
    if (signer == "key_a") return std::string("key a's bytes");
    return std::nullopt;  // key_b has no secret (any more)
  };
  Dispatcher dispatcher(options, &store, &sender, &clock);
  std::mutex mu;
  std::map<std::string, jobs::WebhookState> states;  // guarded by mu
  dispatcher.Start([&](const std::string& job, const jobs::WebhookState& s) {
    std::lock_guard lock(mu);
    states[job] = s;
  });
  Delivery a = Final("a");
  a.signer = "key_a";
  ASSERT_TRUE(dispatcher.Enqueue(a).ok());
  ASSERT_TRUE(Eventually([&] { return sender.sent() == 1; }));
  auto h = sender.headers(0);
  EXPECT_EQ(Header(h, "webhook-signature"),
            Sign("key a's bytes", a.id, std::stoll(Header(h, "webhook-timestamp")), a.body));
  Delivery b = Final("b");
  b.signer = "key_b";
  ASSERT_TRUE(dispatcher.Enqueue(b).ok());
  ASSERT_TRUE(Eventually([&] {
    std::lock_guard lock(mu);
    return states.count("b") == 1;
  }));
  EXPECT_EQ(sender.sent(), 1u);  // never sent unsigned, nor with another secret
  std::lock_guard lock(mu);
  EXPECT_EQ(states["b"].last_error, "no webhook secret to sign with");
  EXPECT_EQ(states["b"].attempts, 1);
}

// A sender that holds every POST to "http://slow.test/" until released.
class GatedSender : public Sender {
 public:
  SendResult Post(const std::string& url, const std::vector<std::pair<std::string, std::string>>&,
                  const std::string&) override {
    std::unique_lock lock(mu_);
    if (url.starts_with("http://slow.test/")) {
      ++held_;
      released_cv_.wait_for(lock, std::chrono::seconds(10), [&] { return released_; });
    } else {
      ++fast_;
    }
    return SendResult{200, "", false};
  }
  int held() {
    std::lock_guard lock(mu_);
    return held_;
  }
  int fast() {
    std::lock_guard lock(mu_);
    return fast_;
  }
  void Release() {
    {
      std::lock_guard lock(mu_);
      released_ = true;
    }
    released_cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable released_cv_;
  bool released_ = false;  // guarded by mu_
  int held_ = 0;           // guarded by mu_
  int fast_ = 0;           // guarded by mu_
};

TEST(WebhookDispatcherTest, AHangingReceiverHoldsBackOneSenderNotTheOthers) {
  MemDeliveryStore store;
  GatedSender sender;
  core::ManualClock clock;
  DispatcherOptions options = Options("k", 8, 10);
  options.concurrency = 2;
  Dispatcher dispatcher(options, &store, &sender, &clock);
  dispatcher.Start({});
  Delivery slow = Final("slow");
  slow.url = "http://slow.test/hook";
  ASSERT_TRUE(dispatcher.Enqueue(slow).ok());
  ASSERT_TRUE(Eventually([&] { return sender.held() == 1; }));
  ASSERT_TRUE(dispatcher.Enqueue(Final("fast")).ok());
  EXPECT_TRUE(Eventually([&] { return sender.fast() == 1; }));  // while "slow" still hangs
  EXPECT_EQ(sender.held(), 1);
  sender.Release();
  dispatcher.Stop();
}

TEST(WebhookCallbackHeadersTest, RefusesFramingHopByHopAndOwnHeaders) {
  EXPECT_EQ(CallbackHeaderProblem("Authorization", "Bearer abc"), "");
  EXPECT_EQ(CallbackHeaderProblem("X-Tenant", "a\tb"), "");
  for (const char* name : {"Host", "content-length", "Transfer-Encoding", "Connection", "TE",
                           "Upgrade", "Proxy-Authorization", "webhook-signature", "Content-Type"}) {
    EXPECT_EQ(CallbackHeaderProblem(name, "x"), "may not be set by a client") << name;
  }
  EXPECT_EQ(CallbackHeaderProblem("X-A\r\nHost", "x"), "is not a valid header name");
  EXPECT_EQ(CallbackHeaderProblem("", "x"), "is not a valid header name");
  EXPECT_EQ(CallbackHeaderProblem("X-A", "a\r\nHost: evil"), "value holds a control character");
  EXPECT_EQ(CallbackHeaderProblem("X-A", std::string(5000, 'a')), "value is too long");
}

}  // namespace
}  // namespace manimd::webhooks
