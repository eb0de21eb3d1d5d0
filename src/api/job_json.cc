// Which failure gets which status is decided here, in one place.
#include "api/job_json.h"

namespace manimd::api {

namespace json = boost::json;
using http::beast_http::status;

json::object ErrorJson(const render::RenderError& error) {
  return {{"kind", render::ErrorKindName(error.kind)},
          {"message", error.message},
          {"traceback", error.traceback},
          {"logTail", error.log_tail}};
}

std::string AbsoluteUrl(const std::string& url, const std::string& public_url,
                        const http::Request& request) {
  if (url.empty() || url.front() != '/') return url;
  if (!public_url.empty()) return public_url + url;
  std::string_view host = request[http::beast_http::field::host];
  if (host.empty()) return url;
  return "http://" + std::string(host) + url;
}

http::StringResponse RenderOutcomeResponse(const jobs::Job& job, const std::string& public_url,
                                           const http::Request& request) {
  if (job.status == jobs::JobStatus::kSucceeded) {
    return http::JsonResponse(status::ok,
                              json::object{{"message", "Video created and uploaded successfully."},
                                           {"s3Key", job.key},
                                           {"url", AbsoluteUrl(job.url, public_url, request)},
                                           {"jobId", job.id},
                                           {"cached", job.cached}});
  }
  render::RenderError error =
      job.error.value_or(render::RenderError{render::ErrorKind::kInternal, "no result", "", ""});
  status code = status::unprocessable_entity;  // the scene itself failed or hit a limit
  std::string message = "the render failed (" + std::string(render::ErrorKindName(error.kind)) +
                        "): " + error.message;
  if (error.kind == render::ErrorKind::kCancelled) {
    code = status::service_unavailable;
    message = "the render was stopped: " + error.message;
  } else if (error.kind == render::ErrorKind::kStorageError) {
    code = status::bad_gateway;
  } else if (error.kind == render::ErrorKind::kInternal) {
    code = status::internal_server_error;
  }
  http::StringResponse res = http::JsonResponse(
      code, json::object{{"message", message}, {"jobId", job.id}, {"error", ErrorJson(error)}});
  if (code == status::service_unavailable) res.set(http::beast_http::field::retry_after, "5");
  return res;
}

}  // namespace manimd::api
