// POST /api/render: the seed's synchronous endpoint, as "submit to the queue and wait".
// If the client goes away first, its job is cancelled and the sandbox killed.
#include "api/api.h"
#include "api/error_reply.h"
#include "api/job_json.h"
#include "api/job_wait.h"
#include "api/render_body.h"
#include "api/tenant_jobs.h"
#include "core/log.h"

namespace manimd::api {
namespace {

namespace asio = boost::asio;

asio::awaitable<http::Response> PostRender(const ApiDeps& deps, http::Exchange& ex) {
  TenantJobs tenant_jobs = JobsFor(deps, ex);
  auto parsed = ParseRenderBody(ex.request[http::beast_http::field::content_type],
                                ex.request.body(), BodyOptionsFrom(*deps.config));
  if (const BodyError* e = std::get_if<BodyError>(&parsed)) co_return BodyErrorReply(*e);
  jobs::Job job = NewJob(std::move(std::get<RenderBody>(parsed)));
  job.sync = true;
  core::Result<jobs::Job> submitted = tenant_jobs.Submit(std::move(job));
  if (!submitted.ok()) co_return StatusReply(submitted.status(), tenant_jobs.RetryAfterSeconds());
  ex.job_id = submitted->id;

  // No limit of our own: the render's wall-clock limit ends it.
  WaitResult waited =
      co_await WaitUntilFinal(tenant_jobs, ex.job_id, &ex, std::chrono::hours(24 * 365));
  if (waited.end == WaitEnd::kUnavailable) co_return StatusReply(waited.status);
  if (waited.end != WaitEnd::kFinal) {
    core::LogEvent(core::LogLevel::kInfo, "render.client_gone",
                   {{"job_id", ex.job_id}, {"request_id", ex.request_id}});
    (void)tenant_jobs.Cancel(ex.job_id);  // already final or gone: nothing to stop
    co_return std::monostate{};
  }
  co_return RenderOutcomeResponse(waited.job, View(deps, ex));
}

}  // namespace

void AddRenderRoutes(const ApiDeps& deps, http::Router* router) {
  router->Add(http::beast_http::verb::post, "/api/render",
              [&deps](http::Exchange& ex) { return PostRender(deps, ex); });
}

}  // namespace manimd::api
