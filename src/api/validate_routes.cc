// POST /api/validate: the render body, checked without rendering: syntax, the scenes,
// and a dry pass of construct() in the sandbox (no frames, no file, no job). Answers
// {ok, scenes, scene, animations, duration_s, warnings}, or 422 with the same error object
// a render would give. Each validation takes a render slot while it runs; at most
// MAX_CONCURRENT_RENDERS + MAX_QUEUE wait or run at once, more get 503.
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>

#include "api/api.h"
#include "api/error_reply.h"
#include "api/validations.h"
#include "core/log.h"
#include "http/async_event.h"
#include "render/result_json.h"

namespace manimd::api {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using http::beast_http::status;

asio::awaitable<http::Response> PostValidate(const ApiDeps& deps, http::Exchange& ex) {
  auto parsed = ParseRenderBody(ex.request[http::beast_http::field::content_type],
                                ex.request.body(), BodyOptionsFrom(*deps.config));
  if (const BodyError* e = std::get_if<BodyError>(&parsed)) co_return BodyErrorReply(*e);
  render::RenderRequest request = std::move(std::get<RenderBody>(parsed).request);
  request.dry_run = true;
  render::Compat compat = request.compat;
  auto pass = std::make_shared<ValidationPass>();
  if (!deps.validations->TryAdd(pass)) {
    co_return StatusReply(
        core::Unavailable("too many validations at once (" +
                          std::to_string(deps.validations->limit()) + "); try again shortly"),
        1);
  }
  auto done = std::make_shared<http::AsyncEvent>(co_await asio::this_coro::executor);
  asio::post(*deps.blocking, [&deps, pass, done, request = std::move(request)] {
    sandbox::RenderJob job{request, "", "validate"};
    pass->result = deps.runner->Run(job, {}, pass->cancel);
    deps.validations->Remove(pass);
    done->Set();
  });
  using asio::experimental::awaitable_operators::operator||;
  co_await (done->Wait() || ex.PeerClosed());
  if (!done->is_set()) {
    pass->cancel.Cancel();  // the client left: stop the sandbox
    co_return std::monostate{};
  }
  const render::RenderResult& r = pass->result;
  if (r.validation) {
    co_return http::JsonResponse(status::ok, render::ValidationJson(*r.validation, r.warnings));
  }
  render::RenderError error =
      r.error.value_or(render::RenderError::Of(render::ErrorKind::kInternal, "no result"));
  co_return RenderFailureReply(
      error, json::object{{"ok", false},
                          {"warnings", render::WarningsJson(r.warnings)},
                          {"error", render::ErrorJson(error, deps.manim_version, compat)}});
}

}  // namespace

void AddValidateRoutes(const ApiDeps& deps, http::Router* router) {
  router->Add(http::beast_http::verb::post, "/api/validate",
              [&deps](http::Exchange& ex) { return PostValidate(deps, ex); });
}

}  // namespace manimd::api
