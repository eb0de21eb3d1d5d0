// The metric families and the buckets of their histograms; names and labels follow the
// Prometheus conventions (base units, `_total` counters) and docs/metrics.md lists them.
#include "metrics/metrics.h"

#include <prometheus/text_serializer.h>

#include <exception>
#include <sstream>

#include "core/log.h"
#include "metrics/labels.h"

namespace manimd::metrics {
namespace {

using prometheus::Histogram;

// Requests range from a /health in microseconds to an event stream that lasts a render.
const Histogram::BucketBoundaries kRequestBuckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                                                     1,     2.5,  5,     10,   30,  60,   300};
// A small -ql scene takes a tenth of a second warm; RENDER_TIMEOUT_S defaults to 300.
const Histogram::BucketBoundaries kRenderBuckets = {0.1, 0.25, 0.5, 1,   2.5, 5,
                                                    10,  30,   60,  120, 300, 600};
const Histogram::BucketBoundaries kQueueBuckets = {0.01, 0.05, 0.1, 0.5, 1,   2.5,
                                                   5,    10,   30,  60,  300, 900};
const Histogram::BucketBoundaries kUploadBuckets = {0.005, 0.01, 0.05, 0.1, 0.25, 0.5,
                                                    1,     2.5,  5,    10,  30,   120};

template <typename Builder>
auto& Register(Builder builder, const std::shared_ptr<prometheus::Registry>& registry,
               const char* name, const char* help) {
  return builder.Name(name).Help(help).Register(*registry);
}

}  // namespace

struct Metrics::Families {
  explicit Families(const std::shared_ptr<prometheus::Registry>& r)
      : requests(Register(prometheus::BuildCounter(), r, "manimd_http_requests_total",
                          "HTTP requests answered, by method, route pattern and status")),
        request_seconds(Register(prometheus::BuildHistogram(), r,
                                 "manimd_http_request_duration_seconds",
                                 "Time from a request's header to the end of its answer")),
        renders(Register(prometheus::BuildCounter(), r, "manimd_renders_total",
                         "Renders finished in this process, by outcome and error kind")),
        render_seconds(Register(prometheus::BuildHistogram(), r, "manimd_render_duration_seconds",
                                "Time a render spent in its sandbox, by quality")),
        queue_seconds(Register(prometheus::BuildHistogram(), r, "manimd_queue_wait_seconds",
                               "Time a job waited from submission to its render's start")),
        upload_seconds(Register(prometheus::BuildHistogram(), r, "manimd_upload_duration_seconds",
                                "Time spent storing a rendered file, by quality")),
        queue_depth(Register(prometheus::BuildGauge(), r, "manimd_queue_depth",
                             "Jobs waiting for a render slot")
                        .Add({})),
        running(
            Register(prometheus::BuildGauge(), r, "manimd_renders_running", "Renders running now")
                .Add({})),
        slots(Register(prometheus::BuildGauge(), r, "manimd_render_slots",
                       "Render slots of this process (MAX_CONCURRENT_RENDERS; 0 when it does "
                       "not render)")
                  .Add({})),
        fork_starts(Register(prometheus::BuildCounter(), r, "manimd_fork_server_starts_total",
                             "Fork server (zygote) processes started")
                        .Add({})),
        fork_fallbacks(Register(prometheus::BuildCounter(), r, "manimd_fork_server_fallbacks_total",
                                "Renders that fell back to a cold sandbox because no fork "
                                "server could take them")
                           .Add({})),
        fork_recycles(Register(prometheus::BuildCounter(), r, "manimd_fork_server_recycles_total",
                               "Fork servers replaced after FORK_SERVER_MAX_JOBS jobs")
                          .Add({})),
        storage_errors(Register(prometheus::BuildCounter(), r, "manimd_storage_errors_total",
                                "Failed storage operations, by operation")) {
    // Series that alerts compare against exist from the start, at 0.
    for (const char* op : {"put", "url", "delete"}) storage_errors.Add({{"operation", op}});
    renders.Add({{"outcome", "succeeded"}, {"error_kind", "none"}});
  }

  prometheus::Family<prometheus::Counter>& requests;
  prometheus::Family<Histogram>& request_seconds;
  prometheus::Family<prometheus::Counter>& renders;
  prometheus::Family<Histogram>& render_seconds;
  prometheus::Family<Histogram>& queue_seconds;
  prometheus::Family<Histogram>& upload_seconds;
  prometheus::Gauge& queue_depth;
  prometheus::Gauge& running;
  prometheus::Gauge& slots;
  prometheus::Counter& fork_starts;
  prometheus::Counter& fork_fallbacks;
  prometheus::Counter& fork_recycles;
  prometheus::Family<prometheus::Counter>& storage_errors;
  prometheus::Counter unregistered;  // what Counter() hands out when registering fails
};

Metrics::Metrics()
    : registry_(std::make_shared<prometheus::Registry>()),
      families_(std::make_unique<Families>(registry_)) {}

Metrics::~Metrics() = default;

void Metrics::ObserveRequest(std::string_view method, std::string_view route, int status,
                             double seconds) {
  std::string m(MethodLabel(method)), r(RouteLabel(route));
  families_->requests.Add({{"method", m}, {"route", r}, {"status", StatusLabel(status)}})
      .Increment();
  families_->request_seconds.Add({{"method", m}, {"route", r}}, kRequestBuckets).Observe(seconds);
}

void Metrics::ObserveRender(const RenderRecord& render) {
  families_->renders
      .Add({{"outcome", std::string(render.outcome)},
            {"error_kind", std::string(ErrorKindLabel(render.error_kind))}})
      .Increment();
  Labels quality{{"quality", QualityLabel(render.quality)}};
  families_->render_seconds.Add(quality, kRenderBuckets).Observe(render.render_s);
  families_->queue_seconds.Add(quality, kQueueBuckets).Observe(render.queue_s);
}

void Metrics::ObserveUpload(char quality, double seconds) {
  families_->upload_seconds.Add({{"quality", QualityLabel(quality)}}, kUploadBuckets)
      .Observe(seconds);
}

void Metrics::ObserveForkServer(ForkServerEvent event) {
  switch (event) {
    case ForkServerEvent::kStart:
      families_->fork_starts.Increment();
      break;
    case ForkServerEvent::kFallback:
      families_->fork_fallbacks.Increment();
      break;
    case ForkServerEvent::kRecycle:
      families_->fork_recycles.Increment();
      break;
  }
}

void Metrics::StorageError(std::string_view operation) {
  families_->storage_errors.Add({{"operation", std::string(operation)}}).Increment();
}

std::string Metrics::Scrape(const JobGauges& gauges) {
  families_->queue_depth.Set(gauges.queued);
  families_->running.Set(gauges.running);
  families_->slots.Set(gauges.slots);
  std::ostringstream out;
  prometheus::TextSerializer().Serialize(out, registry_->Collect());
  return out.str();
}

prometheus::Counter& Metrics::Counter(const std::string& name, const std::string& help,
                                      const Labels& labels) {
  try {
    return prometheus::BuildCounter().Name(name).Help(help).Register(*registry_).Add(labels);
  } catch (const std::exception& e) {
    // A programming error (a bad name, or a name taken by another type); the event still
    // happens, it is just not exposed.
    core::LogEvent(core::LogLevel::kError, "metrics.register_failed",
                   {{"name", name}, {"what", std::string(e.what())}});
    return families_->unregistered;
  }
}

}  // namespace manimd::metrics
