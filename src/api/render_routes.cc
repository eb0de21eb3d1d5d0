// POST /api/render: the seed's synchronous endpoint, as "submit to the queue and wait".
// If the client goes away first, its job is cancelled and the sandbox killed.
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/this_coro.hpp>

#include "api/api.h"
#include "api/job_json.h"
#include "api/render_body.h"
#include "core/log.h"
#include "http/async_event.h"

namespace manimd::api {
namespace {

namespace asio = boost::asio;
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

// 503 + Retry-After for a full queue or a server on its way down.
http::StringResponse Busy(const core::Status& s, int retry_after) {
  http::StringResponse res = http::ErrorResponse(status::service_unavailable, s.message());
  res.set(http::beast_http::field::retry_after, std::to_string(retry_after));
  return res;
}

asio::awaitable<http::Response> PostRender(const ApiDeps& deps, http::Exchange& ex) {
  auto parsed = ParseRenderBody(ex.request[http::beast_http::field::content_type],
                                ex.request.body(), deps.config->max_code_bytes);
  if (const BodyError* e = std::get_if<BodyError>(&parsed)) co_return BodyErrorResponse(*e);
  jobs::Job job;
  job.id = jobs::NewJobId();
  job.request = std::move(std::get<RenderBody>(parsed).request);
  core::Result<std::shared_ptr<jobs::LiveJob>> submitted = deps.queue->Submit(std::move(job));
  if (!submitted.ok()) co_return Busy(submitted.status(), deps.queue->RetryAfterSeconds());
  std::shared_ptr<jobs::LiveJob> live = *submitted;
  ex.job_id = live->id();

  auto done = std::make_shared<http::AsyncEvent>(co_await asio::this_coro::executor);
  int handle = live->Observe([done](const jobs::Job& j) {
    if (jobs::IsFinal(j.status)) done->Set();
  });
  if (jobs::IsFinal(live->Snapshot().status)) done->Set();
  using asio::experimental::awaitable_operators::operator||;
  co_await (done->Wait() || ex.PeerClosed());
  live->Unobserve(handle);
  if (!done->is_set()) {
    core::LogEvent(core::LogLevel::kInfo, "render.client_gone",
                   {{"job_id", live->id()}, {"request_id", ex.request_id}});
    deps.queue->Cancel(live);
    co_return std::monostate{};
  }
  co_return RenderOutcomeResponse(live->Snapshot(), deps.config->public_url, ex.request);
}

}  // namespace

void AddRenderRoutes(const ApiDeps& deps, http::Router* router) {
  router->Add(http::beast_http::verb::post, "/api/render",
              [&deps](http::Exchange& ex) { return PostRender(deps, ex); });
}

}  // namespace manimd::api
