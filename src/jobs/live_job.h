// LiveJob: a job while the queue holds it: its state under a mutex, observers told of
// every change (the HTTP side waits on these), and the token that cancels its render.
#pragma once

#include <functional>
#include <map>
#include <mutex>

#include "jobs/job.h"
#include "sandbox/runner.h"

namespace manimd::jobs {

class LiveJob {
 public:
  explicit LiveJob(Job job) : id_(job.id), job_(std::move(job)) {}

  const std::string& id() const { return id_; }
  // A consistent copy of the job. Thread-safe.
  Job Snapshot() const;

  using Observer = std::function<void(const Job&)>;
  // `fn` runs on the thread that changed the job, after each change, without the lock
  // held, with the new state; it may still run once after Unobserve returns, so it must
  // own what it touches. Thread-safe.
  int Observe(Observer fn);
  void Unobserve(int handle);

  // Applies `change` under the lock, then tells the observers. Thread-safe.
  void Update(const std::function<void(Job&)>& change);

  sandbox::CancelToken& cancel_token() { return cancel_; }

 private:
  const std::string id_;
  mutable std::mutex mu_;
  Job job_;                            // guarded by mu_
  std::map<int, Observer> observers_;  // guarded by mu_
  int next_handle_ = 0;                // guarded by mu_
  sandbox::CancelToken cancel_;
};

}  // namespace manimd::jobs
