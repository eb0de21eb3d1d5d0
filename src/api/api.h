// The HTTP API's endpoints (see docs/openapi.yaml): what they need and where they are
// registered. Handlers translate between the JSON contract and jobs/storage; they hold no
// state of their own.
#pragma once

#include <boost/asio/thread_pool.hpp>
#include <boost/json/array.hpp>
#include <functional>

#include "api/job_json.h"
#include "api/render_body.h"
#include "api/validations.h"
#include "auth/rate_limiter.h"
#include "auth/url_signer.h"
#include "core/config.h"
#include "http/router.h"
#include "jobs/job_service.h"
#include "jobs/result_cache.h"
#include "metrics/metrics.h"
#include "storage/local_storage.h"

namespace manimd::mcp {
class ListenRegistry;
}

namespace manimd::api {

// Who is calling, as the authorization hook decided: an API key's id (its tenant) and
// limits, or an anonymous caller (empty id) while auth is off (docs/auth.md).
struct Caller {
  std::string id;
  int rate_per_min = 0;                        // 0: unlimited
  int concurrency = 0;                         // jobs running at once; 0: unlimited
  std::optional<render::Quality> max_quality;  // unset: any
};

// Decides whether `request` may use the API and who sent it. Errors: kUnauthenticated
// (401 with its message), kUnavailable (the key store cannot be read). Called for every
// route but /health, /ready, / and /openapi.yaml by the wrapper AddRoutes installs
// (auth_guard.cc); /files/ takes a signed link instead.
using Authorize = std::function<core::Result<Caller>(const http::Request& request)>;

// The caller the authorization found for this request (anonymous when none ran).
const Caller& CallerOf(const http::Exchange& ex);

struct ApiDeps {
  const core::Config* config = nullptr;
  jobs::JobService* jobs = nullptr;
  storage::Storage* storage = nullptr;
  storage::LocalStorage* local_files = nullptr;  // served at /files/; null with S3
  std::function<core::Status()> runtime_check;   // for GET /ready
  std::string manim_version;                     // the runtime's, reported in errors
  sandbox::Runner* runner = nullptr;             // for validations (renders go through queue)
  boost::asio::thread_pool* blocking = nullptr;  // where validations wait for their sandbox
  Validations* validations = nullptr;            // in flight now
  std::function<boost::json::array()> workers;   // a cluster's workers, for GET /ready
  Authorize authorize;                           // empty: everyone may, anonymously
  metrics::Metrics* metrics = nullptr;           // GET /metrics; null: no such route
  int render_slots = 0;                          // this process's, for manimd_render_slots
  auth::RateLimiter* rate_limiter = nullptr;     // per key requests/minute; null: none
  const auth::UrlSigner* url_signer = nullptr;   // signs /files/ links for key holders
  jobs::ResultCache* cache = nullptr;            // identical renders answered; null: off
  mcp::ListenRegistry* listens = nullptr;        // MCP listen streams; null: /mcp owns them
};

// The body parser's settings from the configuration.
BodyOptions BodyOptionsFrom(const core::Config& config);

// How the views of this request are made (links, manim version).
ViewContext View(const ApiDeps& deps, const http::Exchange& ex);

// Registers every endpoint, each behind the authorization wrapper. `deps` (and what it
// points to) must outlive the router.
void AddRoutes(const ApiDeps& deps, http::Router* router);

// The wrapper that lets a request reach its route: deps.authorize, then the key's rate
// limit (429), then the Caller into ex.context (auth_guard.cc).
http::HandlerWrapper AuthGuard(const ApiDeps& deps);

// One endpoint group per file.
void AddSystemRoutes(const ApiDeps& deps, http::Router* router);    // /health, /ready
void AddRenderRoutes(const ApiDeps& deps, http::Router* router);    // /api/render
void AddFileRoutes(const ApiDeps& deps, http::Router* router);      // /files/{key}
void AddJobRoutes(const ApiDeps& deps, http::Router* router);       // /api/jobs...
void AddJobEventRoutes(const ApiDeps& deps, http::Router* router);  // .../events (SSE)
void AddValidateRoutes(const ApiDeps& deps, http::Router* router);  // /api/validate
void AddMcpRoutes(const ApiDeps& deps, http::Router* router);       // /mcp (docs/mcp.md)

// GET /metrics: the Prometheus text format, behind METRICS_TOKEN when it is set.
void AddMetricsRoutes(const ApiDeps& deps, http::Router* router);

// The playground page at / (left out with PLAYGROUND=off) and /openapi.yaml.
void AddEmbeddedRoutes(const ApiDeps& deps, http::Router* router);

}  // namespace manimd::api
