// The one place a request is let in (docs/auth.md): AddRoutes installs AuthGuard as the
// router's wrapper, so every route added after it is behind deps.authorize and the key's
// rate limit, except the few that are open to anyone (health probes and the documents a
// browser loads before it has a key) and /metrics, the operator's, behind METRICS_TOKEN
// instead. /files/ takes a signed link as well as a key.
#include <memory>

#include "api/api.h"
#include "api/error_reply.h"

namespace manimd::api {
namespace {

namespace asio = boost::asio;

bool IsOpen(std::string_view pattern) {
  return pattern == "/health" || pattern == "/ready" || pattern == "/" ||
         pattern == "/openapi.yaml" || pattern == "/metrics";
}

bool SignedLink(const ApiDeps& deps, const http::Exchange& ex) {
  return deps.url_signer != nullptr &&
         deps.url_signer->Verify(ex.path, ex.QueryParam("expires"), ex.QueryParam("sig"));
}

// A plain function, not a capturing coroutine lambda: the frame must not refer to a
// lambda object that may be gone when it resumes.
asio::awaitable<http::Response> Guarded(const ApiDeps& deps,
                                        std::shared_ptr<const http::Handler> inner, bool files,
                                        http::Exchange& ex) {
  if (files && SignedLink(deps, ex)) co_return co_await (*inner)(ex);
  core::Result<Caller> who = deps.authorize(ex.request);
  if (!who.ok()) co_return StatusReply(who.status(), 5);
  if (files && !who->id.empty()) {
    // A key alone does not open a file: which tenant's it is, only the job knows, so the
    // job hands out signed links instead (its url).
    co_return StatusReply(core::Status(core::Code::kUnauthenticated,
                                       "a file needs the signed link from its job's url "
                                       "(expires and sig), which has expired or is missing"));
  }
  if (who->rate_per_min > 0 && deps.rate_limiter != nullptr) {
    auth::RateDecision d = deps.rate_limiter->Take(who->id, who->rate_per_min);
    if (!d.allowed) co_return RateLimitedReply(d);
    SetRateLimitHeaders(d, &ex.common_headers);
  }
  ex.context = std::move(who).value();
  co_return co_await (*inner)(ex);
}

}  // namespace

const Caller& CallerOf(const http::Exchange& ex) {
  static const Caller kAnonymous;
  const Caller* caller = std::any_cast<Caller>(&ex.context);
  return caller != nullptr ? *caller : kAnonymous;
}

http::HandlerWrapper AuthGuard(const ApiDeps& deps) {
  return [&deps](std::string_view pattern, http::Handler handler) -> http::Handler {
    if (!deps.authorize || IsOpen(pattern)) return handler;
    auto inner = std::make_shared<const http::Handler>(std::move(handler));
    bool files = pattern.starts_with("/files/");
    return [&deps, inner, files](http::Exchange& ex) { return Guarded(deps, inner, files, ex); };
  };
}

}  // namespace manimd::api
