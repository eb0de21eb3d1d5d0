// Notifier: the JobListener that turns a job's end (and, with callbackEvents
// ["progress"], its progress at most once a second) into webhook deliveries for a
// Dispatcher.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "jobs/job_listener.h"
#include "webhooks/dispatcher.h"

namespace manimd::webhooks {

// The JSON body of a webhook for `job`: the API's job object plus "type" and "metadata".
using BodyFn = std::function<std::string(const jobs::Job& job, std::string_view type)>;

// The at-most-once-a-second rule for progress webhooks.
inline constexpr std::int64_t kProgressIntervalMs = 1000;

class Notifier : public jobs::JobListener {
 public:
  // Every pointer must outlive the notifier.
  Notifier(Dispatcher* dispatcher, BodyFn body, const core::Clock* clock)
      : dispatcher_(dispatcher), body_(std::move(body)), clock_(clock) {}

  jobs::Observation Running(const std::shared_ptr<jobs::LiveJob>& job) override;
  void Finished(const jobs::Job& job) override;

 private:
  Delivery Make(const jobs::Job& job, std::string_view type) const;

  Dispatcher* const dispatcher_;
  const BodyFn body_;
  const core::Clock* const clock_;
};

}  // namespace manimd::webhooks
