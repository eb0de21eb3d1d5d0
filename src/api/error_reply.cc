// The two tables: Status codes, and render error kinds.
#include "api/error_reply.h"

#include <array>
#include <utility>

namespace manimd::api {
namespace {

namespace json = boost::json;
using http::beast_http::status;

struct CodeReply {
  core::Code code;
  status http;
  bool retry_after;  // the client may try again later
};

constexpr std::array<CodeReply, 8> kCodes = {{
    {core::Code::kNotFound, status::not_found, false},
    {core::Code::kInvalidArgument, status::bad_request, false},
    {core::Code::kConflict, status::conflict, false},
    {core::Code::kUnavailable, status::service_unavailable, true},
    {core::Code::kDeadlineExceeded, status::gateway_timeout, false},
    {core::Code::kUnauthenticated, status::unauthorized, false},
    {core::Code::kResourceExhausted, status::too_many_requests, true},
    {core::Code::kInternal, status::internal_server_error, false},
}};

// RFC 6750: a 401 names the scheme the client should use.
constexpr char kChallenge[] = "Bearer realm=\"manimd\"";

struct KindReply {
  render::ErrorKind kind;
  status http;
  const char* lead;  // how the message starts
};

// The scene's own failures and limits are 422: the request was fine, the code was not.
constexpr std::array<KindReply, 11> kKinds = {{
    {render::ErrorKind::kInvalidCode, status::unprocessable_entity, "the render failed"},
    {render::ErrorKind::kSceneNotFound, status::unprocessable_entity, "the render failed"},
    {render::ErrorKind::kPythonError, status::unprocessable_entity, "the render failed"},
    {render::ErrorKind::kLatexError, status::unprocessable_entity, "the render failed"},
    {render::ErrorKind::kTimeout, status::unprocessable_entity, "the render failed"},
    {render::ErrorKind::kMemoryLimit, status::unprocessable_entity, "the render failed"},
    {render::ErrorKind::kProcessLimit, status::unprocessable_entity, "the render failed"},
    {render::ErrorKind::kOutputLimit, status::unprocessable_entity, "the render failed"},
    {render::ErrorKind::kCancelled, status::service_unavailable, "the render was stopped"},
    {render::ErrorKind::kStorageError, status::bad_gateway, "the render failed"},
    {render::ErrorKind::kInternal, status::internal_server_error, "the render failed"},
}};

http::StringResponse WithRetryAfter(http::StringResponse res, int seconds) {
  res.set(http::beast_http::field::retry_after, std::to_string(seconds < 1 ? 1 : seconds));
  return res;
}

}  // namespace

http::StringResponse StatusReply(const core::Status& s, int retry_after_s) {
  for (const CodeReply& c : kCodes) {
    if (c.code != s.code()) continue;
    http::StringResponse res = http::ErrorResponse(c.http, s.message());
    if (c.code == core::Code::kUnauthenticated) {
      res.set(http::beast_http::field::www_authenticate, kChallenge);
    }
    return c.retry_after ? WithRetryAfter(std::move(res), retry_after_s) : res;
  }
  return http::ErrorResponse(status::internal_server_error, s.message());  // kOk is no error
}

http::StringResponse UnauthorizedReply(const std::string& realm, const std::string& message) {
  http::StringResponse res = http::ErrorResponse(status::unauthorized, message);
  res.set(http::beast_http::field::www_authenticate, "Bearer realm=\"" + realm + "\"");
  return res;
}

void SetRateLimitHeaders(const auth::RateDecision& d, http::beast_http::fields* headers) {
  headers->set("RateLimit-Limit", std::to_string(d.limit));
  headers->set("RateLimit-Remaining", std::to_string(d.remaining));
  headers->set("RateLimit-Reset", std::to_string(d.reset_s));
}

http::StringResponse RateLimitedReply(const auth::RateDecision& d) {
  http::StringResponse res = StatusReply(
      core::Status(core::Code::kResourceExhausted,
                   "rate limit: this API key may make " + std::to_string(d.limit) +
                       " requests a minute; try again in " + std::to_string(d.reset_s) + " s"),
      d.reset_s);
  SetRateLimitHeaders(d, &res.base());
  return res;
}

http::StringResponse BodyErrorReply(const BodyError& e) {
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

http::StringResponse FieldErrorReply(const std::string& field, const std::string& message) {
  return BodyErrorReply(BodyError{400, "invalid request: " + message, {{field, message}}});
}

http::StringResponse RangeNotSatisfiableReply(std::string_view range, std::uint64_t size) {
  http::StringResponse res = http::ErrorResponse(
      status::range_not_satisfiable,
      "range " + std::string(range) + " is outside the file (" + std::to_string(size) + " bytes)");
  res.set(http::beast_http::field::content_range, "bytes */" + std::to_string(size));
  return res;
}

http::StringResponse RenderFailureReply(const render::RenderError& error, json::object body) {
  const KindReply* reply = &kKinds.back();
  for (const KindReply& k : kKinds) {
    if (k.kind == error.kind) reply = &k;
  }
  body["message"] =
      std::string(reply->lead) + " (" + render::ErrorKindName(error.kind) + "): " + error.message;
  http::StringResponse res = http::JsonResponse(reply->http, body);
  return reply->http == status::service_unavailable ? WithRetryAfter(std::move(res), 5) : res;
}

}  // namespace manimd::api
