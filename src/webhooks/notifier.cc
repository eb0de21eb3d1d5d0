// The final webhook is saved before the queue lets go of the job, so it survives a stop
// right after; progress webhooks are best effort.
#include "webhooks/notifier.h"

#include <atomic>

#include "core/log.h"

namespace manimd::webhooks {

std::optional<std::string> Notifier::SignerOf(const jobs::Job& job) const {
  return signer_ ? signer_(job) : std::optional<std::string>("");
}

Delivery Notifier::Make(const jobs::Job& job, std::string_view type, std::string signer) const {
  Delivery d;
  d.signer = std::move(signer);
  d.id = NewDeliveryId();
  d.job_id = job.id;
  d.type = std::string(type);
  d.url = job.callback_url;
  d.headers = job.callback_headers;
  d.body = body_(job, type);
  return d;
}

jobs::Observation Notifier::Running(const std::shared_ptr<jobs::LiveJob>& job) {
  jobs::Job start = job->Snapshot();
  if (start.callback_url.empty() || !start.callback_progress) return {};
  std::optional<std::string> signer = SignerOf(start);
  if (!signer) return {};
  // The observer may run once more after its Observation goes: it owns its state.
  struct Last {
    std::atomic<std::int64_t> ms{0};
    std::atomic<double> percent{-1};
  };
  auto last = std::make_shared<Last>();
  return job->Observe([this, last, signer = *signer](const jobs::Job& j, std::uint64_t) {
    if (j.status != jobs::JobStatus::kRunning || j.progress.percent == last->percent.load()) {
      return;
    }
    std::int64_t now = clock_->NowMs();
    if (now - last->ms.load() < kProgressIntervalMs) return;
    last->ms.store(now);
    last->percent.store(j.progress.percent);
    dispatcher_->EnqueueProgress(Make(j, "job.progress", signer));
  });
}

void Notifier::Finished(const jobs::Job& job) {
  if (job.callback_url.empty()) return;
  std::optional<std::string> signer = SignerOf(job);
  if (!signer) return;
  if (core::Status s = dispatcher_->Enqueue(Make(job, "job.finished", *signer)); !s.ok()) {
    core::LogEvent(core::LogLevel::kError, "webhook.enqueue_failed",
                   {{"job_id", job.id}, {"error", s.message()}});
  }
}

}  // namespace manimd::webhooks
