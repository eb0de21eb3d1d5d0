// POST /api/render: the seed's synchronous endpoint, as "submit to the queue and wait".
// If the client goes away first, its job is cancelled and the sandbox killed.
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/this_coro.hpp>

#include "api/api.h"
#include "api/error_responses.h"
#include "api/job_json.h"
#include "api/render_body.h"
#include "core/log.h"
#include "http/async_event.h"

namespace manimd::api {
namespace {

namespace asio = boost::asio;

asio::awaitable<http::Response> PostRender(const ApiDeps& deps, http::Exchange& ex) {
  auto parsed = ParseRenderBody(ex.request[http::beast_http::field::content_type],
                                ex.request.body(), BodyOptionsFrom(*deps.config));
  if (const BodyError* e = std::get_if<BodyError>(&parsed)) co_return BodyErrorResponse(*e);
  jobs::Job job;
  job.id = jobs::NewJobId();
  job.request = std::move(std::get<RenderBody>(parsed).request);
  job.sync = true;
  core::Result<std::shared_ptr<jobs::LiveJob>> submitted = deps.queue->Submit(std::move(job));
  if (!submitted.ok()) co_return SubmitError(submitted.status(), *deps.queue);
  std::shared_ptr<jobs::LiveJob> live = *submitted;
  ex.job_id = live->id();

  auto done = std::make_shared<http::AsyncEvent>(co_await asio::this_coro::executor);
  int handle = live->Observe([done](const jobs::Job& j, std::uint64_t) {
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
  co_return RenderOutcomeResponse(live->Snapshot(), View(deps, ex));
}

}  // namespace

void AddRenderRoutes(const ApiDeps& deps, http::Router* router) {
  router->Add(http::beast_http::verb::post, "/api/render",
              [&deps](http::Exchange& ex) { return PostRender(deps, ex); });
}

}  // namespace manimd::api
