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
#include "core/config.h"
#include "http/router.h"
#include "jobs/job_service.h"
#include "metrics/metrics.h"
#include "storage/local_storage.h"

namespace manimd::api {

// Who is calling, as the authorization hook decided; `id` is empty for an anonymous
// caller. Jobs will carry it once they have an owner.
struct Caller {
  std::string id;
};

// Decides whether `request` may use the API and who sent it. An error refuses the
// request with 401 and its message. Called by POST /mcp.
using Authorize = std::function<core::Result<Caller>(const http::Request& request)>;

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
};

// The body parser's settings from the configuration.
BodyOptions BodyOptionsFrom(const core::Config& config);

// How the views of this request are made (links, manim version).
ViewContext View(const ApiDeps& deps, const http::Exchange& ex);

// Registers every endpoint. `deps` (and what it points to) must outlive the router.
void AddRoutes(const ApiDeps& deps, http::Router* router);

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
