// One validation (syntax, scenes, a dry pass of construct() in the sandbox) run for a
// handler: POST /api/validate and MCP's validate_scene share it, so both admit, run and
// stop validations the same way.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <memory>

#include "api/api.h"
#include "http/async_event.h"
#include "render/render_result.h"

namespace manimd::api {

struct ValidationOutcome {
  enum class End { kDone, kBusy, kStopped };
  End end = End::kDone;
  render::RenderResult result;  // kDone: the dry run's result (validation or error)
  core::Status busy;            // kBusy: kUnavailable, too many validations in flight
};

// Runs `request` as a dry run on deps.blocking, taking a place among deps.validations.
// Stops the sandbox and ends with kStopped when the client of `ex` goes away or `stop`
// (may be null) is set. Call on the connection's executor.
boost::asio::awaitable<ValidationOutcome> RunValidation(const ApiDeps& deps,
                                                        render::RenderRequest request,
                                                        const http::Exchange& ex,
                                                        std::shared_ptr<http::AsyncEvent> stop);

}  // namespace manimd::api
