// JobListener: what else should happen as a job runs and ends (webhooks/notifier.h sends
// webhooks). The queue calls it; it never changes the job.
#pragma once

#include <memory>

#include "jobs/job.h"
#include "jobs/live_job.h"

namespace manimd::jobs {

class JobListener {
 public:
  virtual ~JobListener() = default;
  // `job` is about to run on this thread; what is returned is kept until it stops.
  virtual Observation Running(const std::shared_ptr<LiveJob>& job) = 0;
  // `job` reached its final status for good (not one a shutdown will run again), on the
  // thread that ended it, after the status was saved.
  virtual void Finished(const Job& job) = 0;
};

}  // namespace manimd::jobs
