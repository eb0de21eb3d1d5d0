// Error answers shared by the endpoints: request-body problems and refused submissions.
#pragma once

#include "api/render_body.h"
#include "http/message.h"
#include "jobs/job_queue.h"

namespace manimd::api {

// 400 (or 415) with {message, errors: [{path: [field], message}]}.
http::StringResponse BodyErrorResponse(const BodyError& e);

// A refused JobQueue::Submit: 503 + Retry-After when the queue is full or stopping
// (kUnavailable), else 500.
http::StringResponse SubmitError(const core::Status& s, const jobs::JobQueue& queue);

}  // namespace manimd::api
