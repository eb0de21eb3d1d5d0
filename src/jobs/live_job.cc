// Observers are called outside the lock so one may take a snapshot or unobserve.
#include "jobs/live_job.h"

#include <vector>

namespace manimd::jobs {

Job LiveJob::Snapshot() const {
  std::lock_guard lock(mu_);
  return job_;
}

Job LiveJob::Snapshot(std::uint64_t* version) const {
  std::lock_guard lock(mu_);
  *version = version_;
  return job_;
}

Observation& Observation::operator=(Observation&& other) noexcept {
  if (this != &other) {
    Reset();
    job_ = std::move(other.job_);
    handle_ = other.handle_;
  }
  return *this;
}

void Observation::Reset() {
  if (job_) job_->Unobserve(handle_);
  job_.reset();
}

Observation LiveJob::Observe(Observer fn) {
  int handle;
  {
    std::lock_guard lock(mu_);
    handle = next_handle_++;
    observers_.emplace(handle, std::move(fn));
  }
  return Observation(shared_from_this(), handle);
}

void LiveJob::Unobserve(int handle) {
  std::lock_guard lock(mu_);
  observers_.erase(handle);
}

void LiveJob::Update(const std::function<void(Job&)>& change) {
  std::vector<Observer> observers;
  Job snapshot;
  std::uint64_t version = 0;
  {
    std::lock_guard lock(mu_);
    JobStatus before = job_.status;
    change(job_);
    version = ++version_;
    if (persist_ && job_.status != before) persist_(job_);
    snapshot = job_;
    for (const auto& [handle, fn] : observers_) observers.push_back(fn);
  }
  for (const Observer& fn : observers) fn(snapshot, version);
}

}  // namespace manimd::jobs
