// GET /health (byte-compatible with the seed) and GET /ready (what is not usable, if
// anything), plus AddRoutes, which registers every group.
#include "api/api.h"

namespace manimd::api {
namespace {

namespace json = boost::json;
using http::beast_http::status;

http::StringResponse Ready(const ApiDeps& deps) {
  json::object checks;
  std::string problems;
  auto check = [&](const char* name, const core::Status& s) {
    checks[name] = s.ok() ? "ok" : s.message();
    if (!s.ok())
      problems += (problems.empty() ? "" : "; ") + std::string(name) + ": " + s.message();
  };
  check("runtime", deps.runtime_check());
  check("storage", deps.storage->Check());
  check("jobs", deps.jobs->Check());
  json::object body{{"checks", checks}};
  if (deps.workers) body["workers"] = deps.workers();
  if (problems.empty()) {
    body["status"] = "ready";
    return http::JsonResponse(status::ok, body);
  }
  body["message"] = "not ready: " + problems;
  return http::JsonResponse(status::service_unavailable, body);
}

// A plain function, not a capturing coroutine lambda: the frame must not refer to a
// lambda object that could be gone.
boost::asio::awaitable<http::Response> ReadyHandler(const ApiDeps& deps) { co_return Ready(deps); }

}  // namespace

void AddSystemRoutes(const ApiDeps& deps, http::Router* router) {
  router->Add(http::beast_http::verb::get, "/health",
              [](http::Exchange&) -> boost::asio::awaitable<http::Response> {
                co_return http::JsonResponse(status::ok, json::object{{"message", "Health is OK"}});
              });
  router->Add(http::beast_http::verb::get, "/ready",
              [&deps](http::Exchange&) { return ReadyHandler(deps); });
}

ViewContext View(const ApiDeps& deps, const http::Exchange& ex) {
  // Links to local files are signed for key holders: /files/ wants a signature then.
  const auth::UrlSigner* signer = CallerOf(ex).id.empty() ? nullptr : deps.url_signer;
  return ViewContext{deps.config->public_url, deps.manim_version, ex.request, signer};
}

BodyOptions BodyOptionsFrom(const core::Config& config) {
  BodyOptions o;
  o.max_code_bytes = config.max_code_bytes;
  o.default_compat =
      config.compat_default == "none" ? render::Compat::kNone : render::Compat::kV019;
  return o;
}

void AddRoutes(const ApiDeps& deps, http::Router* router) {
  router->SetWrapper(AuthGuard(deps));
  AddSystemRoutes(deps, router);
  AddRenderRoutes(deps, router);
  AddFileRoutes(deps, router);
  AddJobRoutes(deps, router);
  AddJobEventRoutes(deps, router);
  AddValidateRoutes(deps, router);
  AddMcpRoutes(deps, router);
  AddEmbeddedRoutes(deps, router);
  if (deps.metrics != nullptr) AddMetricsRoutes(deps, router);
}

}  // namespace manimd::api
