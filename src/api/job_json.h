// JSON views of jobs and render errors, as the API returns them (docs/openapi.yaml).
#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "http/message.h"
#include "jobs/job.h"

namespace manimd::api {

// {"kind","message","traceback","logTail"}
boost::json::object ErrorJson(const render::RenderError& error);

// The API's job object (docs/openapi.yaml): jobId, status, ISO 8601 times, request,
// progress, and s3Key/url/cached or error. `with_code` includes request.codeContent.
boost::json::object JobJson(const jobs::Job& job, const std::string& public_url,
                            const http::Request& request, bool with_code);

// {"animation","animations","percent"}; percent is 100 once `succeeded`.
boost::json::object ProgressJson(const render::Progress& progress, bool succeeded);

// `url` made absolute: PUBLIC_URL when configured, else http://<Host of the request>.
std::string AbsoluteUrl(const std::string& url, const std::string& public_url,
                        const http::Request& request);

// The answer to a synchronous render that reached a final status: 200 with the seed's
// {message, s3Key} plus url, jobId, cached; 422 for the scene's own failures; 503 when
// the server stopped it; 500/502 for our faults.
http::StringResponse RenderOutcomeResponse(const jobs::Job& job, const std::string& public_url,
                                           const http::Request& request);

}  // namespace manimd::api
