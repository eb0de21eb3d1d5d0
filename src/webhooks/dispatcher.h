// Dispatcher: sends webhook deliveries from its own thread, signing each attempt, and
// retries the ones worth retrying with exponential backoff (docs/webhooks.md). Final
// deliveries wait in a DeliveryStore between attempts; progress ones are sent once, from
// memory, and the newest per job replaces an unsent older one.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "jobs/job.h"
#include "webhooks/delivery_store.h"
#include "webhooks/sender.h"

namespace manimd::webhooks {

// The key bytes (DecodeSecret) of API key `signer`'s own webhook secret; nothing when it
// has none (any more).
using SignerKeyFn = std::function<std::optional<std::string>(const std::string& signer)>;

struct DispatcherOptions {
  std::string key;                    // WEBHOOK_SECRET's key bytes (DecodeSecret); may be ""
  int max_attempts = 8;               // WEBHOOK_MAX_ATTEMPTS
  std::int64_t base_delay_ms = 5000;  // WEBHOOK_RETRY_BASE_MS: the wait after attempt 1
  SignerKeyFn key_of;                 // for deliveries with a signer; may be empty
  int concurrency = 1;                // WEBHOOK_CONCURRENCY: sending threads
};

// The wait after failed attempt `attempt` (1-based): base * 5^(attempt-1), so that with
// the defaults 8 attempts spread over about 27 hours.
std::int64_t RetryDelayMs(std::int64_t base_delay_ms, int attempt);

// Whether an answer (or its absence) is worth another attempt: no answer (timeouts,
// connection errors), 429 and 5xx are; a refused address and every other status are not.
bool IsRetryable(const SendResult& result);

class Dispatcher {
 public:
  // Called after each attempt of a final delivery, with the job's new webhook state.
  using StateFn = std::function<void(const std::string& job_id, const jobs::WebhookState&)>;

  // Every pointer must outlive the dispatcher. Start() begins sending.
  Dispatcher(DispatcherOptions options, DeliveryStore* store, Sender* sender,
             const core::Clock* clock);
  ~Dispatcher() { Stop(); }

  // Stops the threads after the attempts under way; pending deliveries stay in the store.
  // Idempotent. Enqueue still saves afterwards (for the next start).
  void Stop();

  // Starts the sending threads (options.concurrency); also what the store kept from
  // before a restart is sent. `on_state` (may be empty) is called on those threads, one
  // call per attempt, possibly several at once. Call once. REQUIRES: the sender is safe
  // to call from several threads at once when concurrency > 1.
  void Start(StateFn on_state);
  // Saves a final delivery (state pending, due now) and wakes the thread. Thread-safe.
  core::Status Enqueue(Delivery delivery);
  // Queues a progress delivery in memory: one attempt, no retry. Thread-safe.
  void EnqueueProgress(Delivery delivery);

 private:
  void Loop();
  void Attempt(Delivery& delivery);
  bool SendOnce(Delivery& delivery);
  std::optional<std::string> KeyOf(const Delivery& delivery) const;

  const DispatcherOptions options_;
  DeliveryStore* const store_;
  Sender* const sender_;
  const core::Clock* const clock_;
  StateFn on_state_;  // set by Start, before the thread
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;          // guarded by mu_
  bool poked_ = false;             // guarded by mu_: something new is due
  std::deque<Delivery> progress_;  // guarded by mu_
  std::vector<std::thread> threads_;
};

}  // namespace manimd::webhooks
