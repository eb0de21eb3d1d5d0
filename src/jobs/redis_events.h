// RedisEvents: one process's subscription to the cluster's job events (manimd:events:
// "<id> <version>" after each change a worker makes) and cancel requests
// (manimd:cancels: "<id>"), on a connection of its own with a thread that waits on it.
// Watchers of a job get its state (fetched once per event) on that thread. After a lost
// connection it subscribes again and hands every watcher the state it may have missed.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "jobs/job_service.h"
#include "jobs/redis_job_store.h"
#include "redis/redis_client.h"

namespace manimd::jobs {

class RedisEvents {
 public:
  // `store` (over another connection) reads the jobs events name; it must outlive this.
  RedisEvents(redis::RedisAddress address, RedisJobStore* store);
  ~RedisEvents();  // Stop()

  void Start();
  void Stop();

  // Calls `fn` with the job's state after each change until the watch goes. Thread-safe.
  JobWatch Watch(const std::string& id, JobObserver fn);
  // Called with the id of each job someone asked to cancel (workers set this).
  void OnCancel(std::function<void(const std::string& id)> fn);
  // Whether the subscription is up (for /ready).
  bool connected() const { return connected_.load(); }

 private:
  void Loop();
  void Dispatch(const redis::RedisReply& message);
  void Deliver(const std::string& id, std::uint64_t version);
  void RefreshAll();

  const redis::RedisAddress address_;
  RedisJobStore* const store_;
  std::mutex mu_;
  std::map<std::string, std::map<int, JobObserver>> watchers_;  // guarded by mu_
  int next_handle_ = 0;                                         // guarded by mu_
  std::function<void(const std::string&)> on_cancel_;           // guarded by mu_
  std::unique_ptr<redis::RedisClient> client_;                  // guarded by mu_ (swap only)
  std::atomic<bool> stopping_{false};
  std::atomic<bool> connected_{false};
  std::thread thread_;
};

}  // namespace manimd::jobs
