// A set under a mutex: validations are few (at most MAX_CONCURRENT_RENDERS + MAX_QUEUE).
#include "api/validations.h"

namespace manimd::api {

bool Validations::TryAdd(const std::shared_ptr<ValidationPass>& pass) {
  std::lock_guard lock(mu_);
  if (static_cast<int>(live_.size()) >= limit_) return false;
  live_.insert(pass);
  return true;
}

void Validations::Remove(const std::shared_ptr<ValidationPass>& pass) {
  std::lock_guard lock(mu_);
  live_.erase(pass);
}

void Validations::CancelAll() {
  std::lock_guard lock(mu_);
  for (const auto& pass : live_) pass->cancel.Cancel();
}

}  // namespace manimd::api
