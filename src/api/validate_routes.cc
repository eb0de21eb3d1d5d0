// POST /api/validate: the render body, checked without rendering: syntax, the scenes,
// and a dry pass of construct() in the sandbox (no frames, no file, no job). Answers
// {ok, scenes, scene, animations, duration_s, warnings}, or 422 with the same error object
// a render would give. Each validation takes a render slot while it runs; at most
// MAX_CONCURRENT_RENDERS + MAX_QUEUE wait or run at once, more get 503.
#include "api/api.h"
#include "api/error_reply.h"
#include "api/validation_run.h"
#include "render/result_json.h"

namespace manimd::api {
namespace {

namespace asio = boost::asio;
using http::beast_http::status;

asio::awaitable<http::Response> PostValidate(const ApiDeps& deps, http::Exchange& ex) {
  auto parsed = ParseRenderBody(ex.request[http::beast_http::field::content_type],
                                ex.request.body(), BodyOptionsFrom(*deps.config));
  if (const BodyError* e = std::get_if<BodyError>(&parsed)) co_return BodyErrorReply(*e);
  render::RenderRequest request = std::move(std::get<RenderBody>(parsed).request);
  render::Compat compat = request.compat;
  ValidationOutcome run = co_await RunValidation(deps, std::move(request), ex, nullptr);
  if (run.end == ValidationOutcome::End::kBusy) co_return StatusReply(run.busy, 1);
  if (run.end == ValidationOutcome::End::kStopped) co_return std::monostate{};
  const render::RenderResult& r = run.result;
  if (r.validation) {
    co_return http::JsonResponse(status::ok, render::ValidationJson(*r.validation, r.warnings));
  }
  render::RenderError error =
      r.error.value_or(render::RenderError::Of(render::ErrorKind::kInternal, "no result"));
  co_return RenderFailureReply(
      error, render::ValidationFailureJson(error, r.warnings, deps.manim_version, compat));
}

}  // namespace

void AddValidateRoutes(const ApiDeps& deps, http::Router* router) {
  router->Add(http::beast_http::verb::post, "/api/validate",
              [&deps](http::Exchange& ex) { return PostValidate(deps, ex); });
}

}  // namespace manimd::api
