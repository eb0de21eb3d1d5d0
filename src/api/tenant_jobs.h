// TenantJobs: the JobService as one caller sees it, made per request. Jobs it submits
// carry the caller's tenant and concurrency; another tenant's job is "not found" (404:
// whether it exists is not the caller's business); lists hold only the caller's jobs.
// Every handler reaches jobs through it, so the scoping is written once.
#pragma once

#include "api/api.h"

namespace manimd::api {

class TenantJobs : public jobs::JobService {
 public:
  // `inner` must outlive this object.
  TenantJobs(jobs::JobService* inner, Caller caller, jobs::ResultCache* cache = nullptr)
      : inner_(inner), caller_(std::move(caller)), cache_(cache) {}

  // Also refuses a quality above the key's --max-quality (kInvalidArgument naming it).
  // With a cache, an identical earlier render answers at once: the job is saved finished
  // (cached: true) and never queued.
  core::Result<jobs::Job> Submit(jobs::Job job) override;
  core::Result<jobs::Job> Get(const std::string& id) override;
  // The caller's jobs among the newest kMaxScanned of the store (from the cursor on).
  core::Result<std::vector<jobs::Job>> List(const jobs::JobFilter& filter) override;
  core::Status Cancel(const std::string& id) override;
  core::Result<jobs::JobWatch> Watch(const std::string& id, jobs::JobObserver fn) override;
  int RetryAfterSeconds() const override { return inner_->RetryAfterSeconds(); }
  core::Status Check() override { return inner_->Check(); }
  int queued() const override { return inner_->queued(); }
  int running() const override { return inner_->running(); }

  // How many stored jobs one List looks through at most for the caller's.
  static constexpr int kMaxScanned = 5000;

 private:
  jobs::JobService* const inner_;
  const Caller caller_;
  jobs::ResultCache* const cache_;  // may be null: no cache
};

// The jobs of this request's caller.
inline TenantJobs JobsFor(const ApiDeps& deps, const http::Exchange& ex) {
  return TenantJobs(deps.jobs, CallerOf(ex), deps.cache);
}

}  // namespace manimd::api
