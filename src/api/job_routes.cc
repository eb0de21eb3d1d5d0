// The asynchronous job API: POST /api/jobs, GET /api/jobs (list), GET /api/jobs/{id} (and
// the seed's planned GET /api/render/status/{id}), DELETE /api/jobs/{id}. The event stream
// is in job_events.cc.
#include <charconv>

#include "api/api.h"
#include "api/error_reply.h"
#include "api/job_json.h"
#include "api/job_wait.h"
#include "api/render_body.h"
#include "api/tenant_jobs.h"

namespace manimd::api {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using http::beast_http::status;
using http::beast_http::verb;

asio::awaitable<http::Response> PostJob(const ApiDeps& deps, http::Exchange& ex) {
  TenantJobs tenant_jobs = JobsFor(deps, ex);
  auto parsed = ParseRenderBody(ex.request[http::beast_http::field::content_type],
                                ex.request.body(), BodyOptionsFrom(*deps.config));
  if (const BodyError* e = std::get_if<BodyError>(&parsed)) co_return BodyErrorReply(*e);
  RenderBody& body = std::get<RenderBody>(parsed);
  core::Result<jobs::Job> submitted = tenant_jobs.Submit(NewJob(std::move(body)));
  if (!submitted.ok()) co_return StatusReply(submitted.status(), tenant_jobs.RetryAfterSeconds());
  ex.job_id = submitted->id;
  http::StringResponse res = http::JsonResponse(
      status::accepted, json::object{{"jobId", ex.job_id}, {"status", "queued"}});
  res.set(http::beast_http::field::location, "/api/jobs/" + ex.job_id);
  co_return res;
}

asio::awaitable<http::Response> GetJob(const ApiDeps& deps, http::Exchange& ex) {
  TenantJobs tenant_jobs = JobsFor(deps, ex);
  ex.job_id = ex.params.at("id");
  core::Result<jobs::Job> job = tenant_jobs.Get(ex.job_id);
  if (!job.ok())
    co_return StatusReply(job.status().code() == core::Code::kNotFound
                              ? core::NotFound("no job " + ex.job_id)
                              : job.status());
  co_return http::JsonResponse(status::ok, JobJson(*job, View(deps, ex), true));
}

asio::awaitable<http::Response> ListJobs(const ApiDeps& deps, http::Exchange& ex) {
  TenantJobs tenant_jobs = JobsFor(deps, ex);
  jobs::JobFilter filter;
  if (std::string s = ex.QueryParam("status"); !s.empty()) {
    filter.status = jobs::ParseJobStatus(s);
    if (!filter.status) {
      co_return FieldErrorReply("status",
                                "status must be one of queued, running, uploading, "
                                "succeeded, failed, cancelled (got \"" +
                                    s + "\")");
    }
  }
  auto read_int = [](const std::string& text, std::int64_t min, std::int64_t max,
                     std::int64_t* out) {
    if (text.empty()) return true;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
    return ec == std::errc() && p == text.data() + text.size() && *out >= min && *out <= max;
  };
  std::int64_t limit = 20;
  if (!read_int(ex.QueryParam("limit"), 1, 100, &limit)) {
    co_return FieldErrorReply("limit", "limit must be a whole number from 1 to 100");
  }
  filter.limit = static_cast<int>(limit);
  if (!read_int(ex.QueryParam("cursor"), 1, INT64_MAX, &filter.before_seq)) {
    co_return FieldErrorReply("cursor", "cursor must be a nextCursor value from an earlier page");
  }
  core::Result<std::vector<jobs::Job>> list = tenant_jobs.List(filter);
  if (!list.ok()) co_return StatusReply(list.status());
  json::array items;
  for (const jobs::Job& job : *list) {
    items.push_back(JobJson(job, View(deps, ex), false));
  }
  json::value next = nullptr;
  if (static_cast<int>(list->size()) == filter.limit) next = std::to_string(list->back().seq);
  co_return http::JsonResponse(status::ok,
                               json::object{{"jobs", std::move(items)}, {"nextCursor", next}});
}

// Cancels, then waits (briefly) for a running job's sandbox to be gone, so the answer
// shows the final status.
asio::awaitable<http::Response> DeleteJob(const ApiDeps& deps, http::Exchange& ex) {
  TenantJobs tenant_jobs = JobsFor(deps, ex);
  ex.job_id = ex.params.at("id");
  core::Status s = tenant_jobs.Cancel(ex.job_id);
  if (s.ok()) co_await WaitUntilFinal(tenant_jobs, ex.job_id, nullptr, std::chrono::seconds(5));
  if (!s.ok()) {
    co_return StatusReply(s.code() == core::Code::kNotFound ? core::NotFound("no job " + ex.job_id)
                                                            : s);
  }
  core::Result<jobs::Job> job = tenant_jobs.Get(ex.job_id);
  if (!job.ok()) co_return StatusReply(job.status());
  co_return http::JsonResponse(status::ok, JobJson(*job, View(deps, ex), false));
}

}  // namespace

void AddJobRoutes(const ApiDeps& deps, http::Router* router) {
  router->Add(verb::post, "/api/jobs", [&deps](http::Exchange& ex) { return PostJob(deps, ex); });
  router->Add(verb::get, "/api/jobs", [&deps](http::Exchange& ex) { return ListJobs(deps, ex); });
  router->Add(verb::get, "/api/jobs/{id}",
              [&deps](http::Exchange& ex) { return GetJob(deps, ex); });
  router->Add(verb::get, "/api/render/status/{id}",
              [&deps](http::Exchange& ex) { return GetJob(deps, ex); });
  router->Add(verb::delete_, "/api/jobs/{id}",
              [&deps](http::Exchange& ex) { return DeleteJob(deps, ex); });
}

}  // namespace manimd::api
