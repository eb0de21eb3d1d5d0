// Notifier: the JobListener that turns a job's end (and, with callbackEvents
// ["progress"], its progress at most once a second) into webhook deliveries for a
// Dispatcher.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "jobs/job_listener.h"
#include "webhooks/dispatcher.h"

namespace manimd::webhooks {

// The JSON body of a webhook for `job`: the API's job object plus "type" and "metadata".
using BodyFn = std::function<std::string(const jobs::Job& job, std::string_view type)>;

// Who signs `job`'s webhooks: its API key's id (the key has a secret of its own), "" for
// WEBHOOK_SECRET, or nothing when neither is there (no webhook is sent).
using SignerFn = std::function<std::optional<std::string>(const jobs::Job& job)>;

// The at-most-once-a-second rule for progress webhooks.
inline constexpr std::int64_t kProgressIntervalMs = 1000;

class Notifier : public jobs::JobListener {
 public:
  // Every pointer must outlive the notifier. Without `signer`, every job's webhooks are
  // signed with WEBHOOK_SECRET.
  Notifier(Dispatcher* dispatcher, BodyFn body, const core::Clock* clock, SignerFn signer = {})
      : dispatcher_(dispatcher),
        body_(std::move(body)),
        clock_(clock),
        signer_(std::move(signer)) {}

  jobs::Observation Running(const std::shared_ptr<jobs::LiveJob>& job) override;
  void Finished(const jobs::Job& job) override;

 private:
  Delivery Make(const jobs::Job& job, std::string_view type, std::string signer) const;
  std::optional<std::string> SignerOf(const jobs::Job& job) const;

  Dispatcher* const dispatcher_;
  const BodyFn body_;
  const core::Clock* const clock_;
  const SignerFn signer_;
};

}  // namespace manimd::webhooks
