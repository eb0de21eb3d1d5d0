// JSON views of jobs and render errors, as the API returns them (docs/openapi.yaml).
#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "auth/url_signer.h"
#include "http/message.h"
#include "jobs/job.h"

namespace manimd::api {

// What a view needs besides the job: where links point and which manim rendered.
struct ViewContext {
  const std::string& public_url;            // PUBLIC_URL, may be empty
  const std::string& manim_version;         // the runtime's
  const http::Request& request;             // for the Host of relative links
  const auth::UrlSigner* signer = nullptr;  // signs /files/ links when set
};

// A job's `url` as this view shows it: signed (when the view signs) and absolute.
std::string ViewUrl(const std::string& url, const ViewContext& view);

// The API's job object (docs/openapi.yaml): jobId, status, ISO 8601 times, request,
// progress, warnings, and s3Key/url/cached or error. `with_code` includes
// request.codeContent.
boost::json::object JobJson(const jobs::Job& job, const ViewContext& view, bool with_code);

// True for "name[:port]", "1.2.3.4[:port]" and "[v6]:port": a Host header fit to be
// echoed in a link.
bool IsPlainHost(std::string_view host);

// `url` made absolute: PUBLIC_URL when configured, else http://<Host of the request> when
// that Host IsPlainHost, else left relative.
std::string AbsoluteUrl(const std::string& url, const std::string& public_url,
                        const http::Request& request);

// The answer to a synchronous render that reached a final status: 200 with the seed's
// {message, s3Key} plus url, jobId, cached, warnings; a failure as RenderFailureReply.
http::StringResponse RenderOutcomeResponse(const jobs::Job& job, const ViewContext& view);

}  // namespace manimd::api
