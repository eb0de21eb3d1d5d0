// The shapes follow the seed's zod answers: a message plus per-field items.
#include "api/error_responses.h"

namespace manimd::api {

namespace json = boost::json;
using http::beast_http::status;

http::StringResponse BodyErrorResponse(const BodyError& e) {
  json::object body{{"message", e.message}};
  if (!e.errors.empty()) {
    json::array errors;
    for (const render::FieldError& f : e.errors) {
      errors.push_back(
          json::object{{"path", json::array{json::string(f.field)}}, {"message", f.message}});
    }
    body["errors"] = std::move(errors);
  }
  return http::JsonResponse(e.status == 415 ? status::unsupported_media_type : status::bad_request,
                            body);
}

http::StringResponse SubmitError(const core::Status& s, const jobs::JobQueue& queue) {
  if (s.code() != core::Code::kUnavailable) {
    return http::ErrorResponse(status::internal_server_error, s.message());
  }
  http::StringResponse res = http::ErrorResponse(status::service_unavailable, s.message());
  res.set(http::beast_http::field::retry_after, std::to_string(queue.RetryAfterSeconds()));
  return res;
}

}  // namespace manimd::api
