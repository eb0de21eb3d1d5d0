// Waiting, in a handler, for a job to reach a final status: what POST /api/render does
// for its whole render and DELETE /api/jobs/{id} for a sandbox to die. Works for jobs
// rendered anywhere (JobService::Watch).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <optional>
#include <string>

#include "http/message.h"
#include "jobs/job_service.h"

namespace manimd::api {

enum class WaitEnd { kFinal, kClientGone, kTimedOut, kUnavailable };

struct WaitResult {
  WaitEnd end = WaitEnd::kUnavailable;
  jobs::Job job;        // the last state seen (the final one when end is kFinal)
  core::Status status;  // why, when end is kUnavailable
};

// Completes when job `id` is final, when the client of `ex` closes its connection (if
// `ex` is not null), or after `limit`, whichever comes first. Call on the connection's
// executor.
boost::asio::awaitable<WaitResult> WaitUntilFinal(jobs::JobService& jobs, const std::string& id,
                                                  const http::Exchange* ex,
                                                  std::chrono::milliseconds limit);

}  // namespace manimd::api
