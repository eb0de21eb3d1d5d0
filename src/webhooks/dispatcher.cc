// WEBHOOK_CONCURRENCY threads, each one attempt at a time, so a receiver that hangs holds
// back one thread for its timeout, not every other webhook. Due deliveries are claimed one
// by one, right before their attempt, so a claim (which the other threads and the other
// dispatchers sharing the store respect) needs to outlast one attempt, not a batch.
#include "webhooks/dispatcher.h"

#include <algorithm>
#include <chrono>

#include "core/log.h"
#include "webhooks/signature.h"

namespace manimd::webhooks {
namespace {

// How often the store is asked for due retries when nothing wakes the thread.
constexpr auto kPollInterval = std::chrono::milliseconds(250);
// Deliveries claimed from the store per round, at most.
constexpr int kBatch = 16;
// Unsent progress deliveries kept; older ones of other jobs go first.
constexpr size_t kMaxProgress = 256;

}  // namespace

std::int64_t RetryDelayMs(std::int64_t base_delay_ms, int attempt) {
  std::int64_t delay = base_delay_ms;
  for (int i = 1; i < attempt && delay < (std::int64_t{1} << 40); ++i) delay *= 5;
  return delay;
}

bool IsRetryable(const SendResult& r) {
  if (r.refused) return false;
  if (r.status == 0) return true;
  return r.status == 429 || r.status >= 500;
}

Dispatcher::Dispatcher(DispatcherOptions options, DeliveryStore* store, Sender* sender,
                       const core::Clock* clock)
    : options_(std::move(options)), store_(store), sender_(sender), clock_(clock) {}

void Dispatcher::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
}

void Dispatcher::Start(StateFn on_state) {
  on_state_ = std::move(on_state);
  for (int i = 0; i < std::max(1, options_.concurrency); ++i) {
    threads_.emplace_back([this] { Loop(); });
  }
}

core::Status Dispatcher::Enqueue(Delivery delivery) {
  delivery.state = DeliveryState::kPending;
  delivery.next_ms = clock_->NowMs();
  core::Status s = store_->Save(delivery);
  if (!s.ok()) return s;
  {
    std::lock_guard lock(mu_);
    poked_ = true;
  }
  wake_.notify_all();
  return core::Status::Ok();
}

void Dispatcher::EnqueueProgress(Delivery delivery) {
  {
    std::lock_guard lock(mu_);
    std::erase_if(progress_, [&](const Delivery& d) { return d.job_id == delivery.job_id; });
    if (progress_.size() >= kMaxProgress) progress_.pop_front();
    progress_.push_back(std::move(delivery));
    poked_ = true;
  }
  wake_.notify_all();
}

std::optional<std::string> Dispatcher::KeyOf(const Delivery& d) const {
  if (d.signer.empty()) {
    return options_.key.empty() ? std::nullopt : std::optional<std::string>(options_.key);
  }
  return options_.key_of ? options_.key_of(d.signer) : std::nullopt;
}

// Signs and sends one attempt; true on a 2xx.
bool Dispatcher::SendOnce(Delivery& d) {
  std::int64_t timestamp = clock_->NowMs() / 1000;
  std::optional<std::string> key = KeyOf(d);
  SendResult r;
  if (key) {
    std::vector<std::pair<std::string, std::string>> headers = d.headers;
    headers.emplace_back("webhook-id", d.id);
    headers.emplace_back("webhook-timestamp", std::to_string(timestamp));
    headers.emplace_back("webhook-signature", Sign(*key, d.id, timestamp, d.body));
    r = sender_->Post(d.url, headers, d.body);
  } else {
    // Never sent unsigned: the key lost its secret (or the secret is gone) meanwhile.
    r.refused = true;
    r.error = "no webhook secret to sign with";
  }
  ++d.attempts;
  d.last_status = r.status;
  bool ok = r.status >= 200 && r.status < 300;
  d.last_error = ok ? "" : !r.error.empty() ? r.error : "HTTP " + std::to_string(r.status);
  if (ok) {
    d.state = DeliveryState::kDelivered;
    d.delivered_ms = clock_->NowMs();
  } else if (IsRetryable(r) && d.attempts < options_.max_attempts) {
    d.next_ms = clock_->NowMs() + RetryDelayMs(options_.base_delay_ms, d.attempts);
  } else {
    d.state = DeliveryState::kFailed;
  }
  core::LogEvent(ok ? core::LogLevel::kInfo : core::LogLevel::kWarn, "webhook.attempt",
                 {{"job_id", d.job_id},
                  {"webhook_id", d.id},
                  {"type", d.type},
                  {"attempt", std::int64_t{d.attempts}},
                  {"status", std::int64_t{r.status}},
                  {"outcome", std::string(DeliveryStateName(d.state))},
                  {"error", d.last_error}});
  return ok;
}

void Dispatcher::Attempt(Delivery& d) {
  SendOnce(d);
  if (core::Status s = store_->Save(d); !s.ok()) {
    core::LogEvent(core::LogLevel::kError, "webhook.save_failed",
                   {{"webhook_id", d.id}, {"error", s.message()}});
  }
  if (on_state_) {
    on_state_(d.job_id,
              jobs::WebhookState{d.attempts, d.last_status, d.delivered_ms, d.last_error});
  }
}

void Dispatcher::Loop() {
  for (;;) {
    std::deque<Delivery> progress;
    {
      std::unique_lock lock(mu_);
      wake_.wait_for(lock, kPollInterval, [&] { return stopping_ || poked_; });
      if (stopping_) return;
      poked_ = false;
      progress.swap(progress_);
    }
    for (Delivery& d : progress) SendOnce(d);  // best effort: a stale progress is worthless
    for (int i = 0; i < kBatch; ++i) {
      {
        std::lock_guard lock(mu_);
        if (stopping_) return;
      }
      core::Result<std::vector<Delivery>> due = store_->Due(clock_->NowMs(), 1);
      if (!due.ok()) {
        core::LogEvent(core::LogLevel::kError, "webhook.store_failed",
                       {{"error", due.status().message()}});
        break;
      }
      if (due->empty()) break;
      Attempt(due->front());
    }
  }
}

}  // namespace manimd::webhooks
