// Waiting, in a handler, for a job to reach a final status: what POST /api/render does
// for its whole render and DELETE /api/jobs/{id} for a sandbox to die.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <memory>

#include "http/message.h"
#include "jobs/live_job.h"

namespace manimd::api {

enum class WaitEnd { kFinal, kClientGone, kTimedOut };

// Completes when `job` is final, when the client of `ex` closes its connection (if `ex`
// is not null), or after `limit`, whichever comes first. Registers and unregisters its
// own observer. Call on the connection's executor.
boost::asio::awaitable<WaitEnd> WaitUntilFinal(const std::shared_ptr<jobs::LiveJob>& job,
                                               const http::Exchange* ex,
                                               std::chrono::milliseconds limit);

}  // namespace manimd::api
