// Every error answer of the API is made here, the way Dragonfly's op_status.cc turns each
// status into its reply: core::Status codes and render error kinds become an HTTP status,
// the JSON body ({"message", ...}) and its headers (Retry-After). Handlers return a Status
// or an error kind; they never pick a number themselves.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "api/render_body.h"
#include "auth/rate_limiter.h"
#include "core/status.h"
#include "http/message.h"
#include "render/render_result.h"

namespace manimd::api {

// NotFound 404, InvalidArgument 400, Conflict 409, Unavailable 503 with Retry-After
// (`retry_after_s`), DeadlineExceeded 504, Unauthenticated 401 with WWW-Authenticate,
// ResourceExhausted 429 with Retry-After, Internal 500; {"message": s.message()}.
http::StringResponse StatusReply(const core::Status& s, int retry_after_s = 5);

// A key over its rate: 429 with Retry-After and RateLimit-Limit/-Remaining/-Reset.
http::StringResponse RateLimitedReply(const auth::RateDecision& d);
// The RateLimit-* headers of `d` (every answer to a rate-limited key carries them).
void SetRateLimitHeaders(const auth::RateDecision& d, http::beast_http::fields* headers);

// A request body that could not be taken: 400 with {message, errors: [{path, message}]},
// or 415 when it is not JSON.
http::StringResponse BodyErrorReply(const BodyError& e);

// One bad field of a query or body: 400 with the same shape.
http::StringResponse FieldErrorReply(const std::string& field, const std::string& message);

// A request without the credentials a route needs: 401 with {"message": message} and
// `WWW-Authenticate: Bearer realm="<realm>"`.
http::StringResponse UnauthorizedReply(const std::string& realm, const std::string& message);

// A Range header past the end of a `size`-byte file: 416 with "Content-Range: bytes */size".
http::StringResponse RangeNotSatisfiableReply(std::string_view range, std::uint64_t size);

// A render or validation that ended in `error`, with `body` (the error object and any other
// fields) completed by a message: 422 for the scene's own failures and limits, 503 with
// Retry-After when the server stopped it, 502 when storing failed, 500 for our faults.
http::StringResponse RenderFailureReply(const render::RenderError& error, boost::json::object body);

}  // namespace manimd::api
