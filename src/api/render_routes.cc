// POST /api/render: the seed's synchronous endpoint, as "submit to the queue and wait".
// If the client goes away first, its job is cancelled and the sandbox killed.
#include "api/api.h"
#include "api/error_reply.h"
#include "api/job_json.h"
#include "api/job_wait.h"
#include "api/render_body.h"
#include "core/log.h"

namespace manimd::api {
namespace {

namespace asio = boost::asio;

asio::awaitable<http::Response> PostRender(const ApiDeps& deps, http::Exchange& ex) {
  auto parsed = ParseRenderBody(ex.request[http::beast_http::field::content_type],
                                ex.request.body(), BodyOptionsFrom(*deps.config));
  if (const BodyError* e = std::get_if<BodyError>(&parsed)) co_return BodyErrorReply(*e);
  jobs::Job job;
  job.id = jobs::NewJobId();
  job.request = std::make_shared<const render::RenderRequest>(
      std::move(std::get<RenderBody>(parsed).request));
  job.sync = true;
  core::Result<std::shared_ptr<jobs::LiveJob>> submitted = deps.queue->Submit(std::move(job));
  if (!submitted.ok()) co_return StatusReply(submitted.status(), deps.queue->RetryAfterSeconds());
  std::shared_ptr<jobs::LiveJob> live = *submitted;
  ex.job_id = live->id();

  // No limit of our own: the render's wall-clock limit ends it.
  WaitEnd end = co_await WaitUntilFinal(live, &ex, std::chrono::hours(24 * 365));
  if (end != WaitEnd::kFinal) {
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
