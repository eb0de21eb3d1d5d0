// One webhook message and its attempts so far: what is sent (fixed when the message is
// made, so every retry carries the same id and body) and how sending has gone.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace manimd::webhooks {

enum class DeliveryState { kPending, kDelivered, kFailed };

const char* DeliveryStateName(DeliveryState state);  // "pending", "delivered", "failed"

struct Delivery {
  std::string id;      // webhook-id: "msg_" + 32 hex digits, the same for every attempt
  std::string job_id;  // whose webhook it is
  std::string type;    // "job.finished" or "job.progress"
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;  // the client's callbackHeaders
  std::string body;                                          // JSON, signed as is
  std::string signer;  // the API key whose own secret signs it; "": WEBHOOK_SECRET's
  DeliveryState state = DeliveryState::kPending;
  int attempts = 0;
  std::int64_t next_ms = 0;  // when the next attempt is due (kPending only)
  int last_status = 0;       // HTTP status of the last answer; 0 when none came
  std::string last_error;    // why the last attempt failed; "" after a success
  std::int64_t delivered_ms = 0;
};

// A new message id: "msg_" + 32 random hex digits.
std::string NewDeliveryId();

}  // namespace manimd::webhooks
