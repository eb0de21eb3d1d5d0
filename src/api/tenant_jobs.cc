// Scoping by reading first: Get, Cancel and Watch look the job up and compare its tenant
// before they act, the same check for each.
#include "api/tenant_jobs.h"

namespace manimd::api {

core::Result<jobs::Job> TenantJobs::Submit(jobs::Job job) {
  if (caller_.max_quality && job.request->quality > *caller_.max_quality) {
    return core::InvalidArgument(std::string("quality: this API key may render up to -q") +
                                 render::QualityLetter(*caller_.max_quality) + ", not -q" +
                                 render::QualityLetter(job.request->quality));
  }
  job.tenant = caller_.id;
  job.tenant_concurrency = caller_.concurrency;
  if (cache_ != nullptr) {
    if (std::optional<jobs::Job> hit = cache_->AnswerSubmission(job)) return std::move(*hit);
  }
  return inner_->Submit(std::move(job));
}

core::Result<jobs::Job> TenantJobs::Get(const std::string& id) {
  core::Result<jobs::Job> job = inner_->Get(id);
  if (job.ok() && job->tenant != caller_.id) return core::NotFound("no job " + id);
  return job;
}

core::Result<std::vector<jobs::Job>> TenantJobs::List(const jobs::JobFilter& filter) {
  jobs::JobFilter page = filter;
  page.limit = 200;
  std::vector<jobs::Job> mine;
  for (int scanned = 0; scanned < kMaxScanned;) {
    core::Result<std::vector<jobs::Job>> batch = inner_->List(page);
    if (!batch.ok()) return batch.status();
    for (jobs::Job& job : *batch) {
      if (job.tenant != caller_.id) continue;
      mine.push_back(std::move(job));
      if (static_cast<int>(mine.size()) == filter.limit) return mine;
    }
    if (static_cast<int>(batch->size()) < page.limit) break;  // the oldest job was read
    scanned += page.limit;
    page.before_seq = batch->back().seq;
  }
  return mine;
}

core::Status TenantJobs::Cancel(const std::string& id) {
  if (core::Result<jobs::Job> job = Get(id); !job.ok()) return job.status();
  return inner_->Cancel(id);
}

core::Result<jobs::JobWatch> TenantJobs::Watch(const std::string& id, jobs::JobObserver fn) {
  if (core::Result<jobs::Job> job = Get(id); !job.ok()) return job.status();
  return inner_->Watch(id, std::move(fn));
}

}  // namespace manimd::api
