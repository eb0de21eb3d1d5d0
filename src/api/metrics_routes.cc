// GET /metrics: this process's metrics in the Prometheus text format (version 0.0.4),
// serialised by prometheus-cpp and served by our own server. With METRICS_TOKEN set, only
// for a caller that sends it as a Bearer token. docs/metrics.md lists the metrics.
#include "api/api.h"
#include "api/bearer_token.h"
#include "api/error_reply.h"

namespace manimd::api {
namespace {

namespace beast_http = http::beast_http;

http::Response Scrape(const ApiDeps& deps, const http::Exchange& ex) {
  const std::string& token = deps.config->metrics_token;
  if (!token.empty() && !BearerTokenMatches(ex.request[beast_http::field::authorization], token)) {
    return UnauthorizedReply("manimd metrics",
                             "GET /metrics needs \"Authorization: Bearer <METRICS_TOKEN>\"");
  }
  metrics::JobGauges gauges;
  gauges.queued = deps.jobs->queued();
  gauges.running = deps.jobs->running();
  gauges.slots = deps.render_slots;
  http::StringResponse res{beast_http::status::ok, 11};
  res.set(beast_http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
  res.set(beast_http::field::cache_control, "no-store");
  res.body() = deps.metrics->Scrape(gauges);
  res.prepare_payload();
  return res;
}

// A plain function, not a capturing coroutine lambda (see system_routes.cc).
boost::asio::awaitable<http::Response> ScrapeHandler(const ApiDeps& deps, http::Exchange& ex) {
  co_return Scrape(deps, ex);
}

}  // namespace

void AddMetricsRoutes(const ApiDeps& deps, http::Router* router) {
  router->Add(beast_http::verb::get, "/metrics",
              [&deps](http::Exchange& ex) { return ScrapeHandler(deps, ex); });
}

}  // namespace manimd::api
