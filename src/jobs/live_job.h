// LiveJob: a job while the queue holds it: its state under a mutex, observers told of
// every change (the HTTP side waits on these), a hook that saves every status change,
// and the token that cancels its render.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>

#include "jobs/job.h"
#include "sandbox/runner.h"

namespace manimd::jobs {

class LiveJob;

// An observer's registration: it unobserves when destroyed (or reset), so no exit path
// of a handler can leave a callback behind. Move-only; keeps its job alive.
class Observation {
 public:
  Observation() = default;
  Observation(std::shared_ptr<LiveJob> job, int handle) : job_(std::move(job)), handle_(handle) {}
  Observation(Observation&& other) noexcept = default;
  Observation& operator=(Observation&& other) noexcept;
  ~Observation() { Reset(); }
  void Reset();

 private:
  std::shared_ptr<LiveJob> job_;
  int handle_ = -1;
};

class LiveJob : public std::enable_shared_from_this<LiveJob> {
 public:
  // `persist` (may be empty) is called under the job's lock with the new state after
  // every change of status, so saved states are in the order they happened.
  using Persist = std::function<void(const Job&)>;
  explicit LiveJob(Job job, Persist persist = {})
      : id_(job.id), job_(std::move(job)), persist_(std::move(persist)) {}

  const std::string& id() const { return id_; }
  // A consistent copy of the job. Thread-safe.
  Job Snapshot() const;
  // The number of changes so far (0 for a new job); with Snapshot, under one lock.
  Job Snapshot(std::uint64_t* version) const;

  using Observer = std::function<void(const Job&, std::uint64_t version)>;
  // `fn` runs on the thread that changed the job, after each change, without the lock
  // held, with the new state, until the returned Observation goes; it may still run once
  // after that, so it must own what it touches. REQUIRES: the LiveJob is owned by a
  // shared_ptr. Thread-safe.
  [[nodiscard]] Observation Observe(Observer fn);

  // Applies `change` under the lock, then tells the observers. Thread-safe.
  void Update(const std::function<void(Job&)>& change);

  sandbox::CancelToken& cancel_token() { return cancel_; }

 private:
  friend class Observation;
  void Unobserve(int handle);

  const std::string id_;
  mutable std::mutex mu_;
  Job job_;                    // guarded by mu_
  std::uint64_t version_ = 0;  // guarded by mu_: changes applied so far
  const Persist persist_;
  std::map<int, Observer> observers_;  // guarded by mu_
  int next_handle_ = 0;                // guarded by mu_
  sandbox::CancelToken cancel_;
};

}  // namespace manimd::jobs
