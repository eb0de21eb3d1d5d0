// RedisJobService: the JobService of an API node in a cluster (REDIS_URL). Jobs are saved
// in Redis and put on its render stream; whichever `manimd worker` (or serve node with
// SERVE_RENDERS on) takes one renders it and announces each change, which any API node
// can watch. Cancel reaches the worker wherever it runs.
#pragma once

#include <memory>

#include "core/clock.h"
#include "jobs/job_listener.h"
#include "jobs/job_service.h"
#include "jobs/redis_events.h"
#include "jobs/redis_job_store.h"

namespace manimd::jobs {

class RedisJobService : public JobService {
 public:
  // Every pointer must outlive the service. `max_queue`: MAX_QUEUE, across the cluster.
  // `listener` (may be null) is told of jobs cancelled here before any worker took them.
  RedisJobService(RedisJobStore* store, RedisEvents* events, redis::RedisClient* client,
                  const core::Clock* clock, int max_queue, JobListener* listener = nullptr)
      : store_(store),
        events_(events),
        client_(client),
        clock_(clock),
        max_queue_(max_queue),
        listener_(listener) {}

  core::Result<Job> Submit(Job job) override;
  core::Result<Job> Get(const std::string& id) override;
  core::Result<std::vector<Job>> List(const JobFilter& filter) override;
  core::Status Cancel(const std::string& id) override;
  core::Result<JobWatch> Watch(const std::string& id, JobObserver fn) override;
  int RetryAfterSeconds() const override { return 5; }
  core::Status Check() override;
  int queued() const override;
  int running() const override;

 private:
  RedisJobStore* const store_;
  RedisEvents* const events_;
  redis::RedisClient* const client_;
  const core::Clock* const clock_;
  const int max_queue_;
  JobListener* const listener_;
};

}  // namespace manimd::jobs
