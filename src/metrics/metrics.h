// Metrics: this process's Prometheus metrics (prometheus-cpp's core registry), recorded by
// the parts that see each event and serialised in the text format for GET /metrics by our
// own HTTP server (no civetweb exposer). The list of metrics is docs/metrics.md.
// A new counter is one line where the event happens:
//   metrics->Counter("manimd_cache_hits_total", "Renders answered from the cache").Increment();
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace manimd::metrics {

using Labels = std::map<std::string, std::string>;

// One finished render, as the pipeline saw it.
struct RenderRecord {
  std::string_view outcome;     // "succeeded", "failed" or "cancelled"
  std::string_view error_kind;  // an ErrorKindName, or "" when it succeeded
  char quality = 'm';           // l, m, h, p or k
  double render_s = 0;          // in the sandbox (the runner's own measure)
  double queue_s = 0;           // from submission to start
};

// Values read at scrape time from whoever owns them.
struct JobGauges {
  int queued = 0;   // jobs waiting (this node's queue, or the cluster's with Redis)
  int running = 0;  // renders running (here, or in the cluster where known)
  int slots = 0;    // render slots of this process (0 on an API-only node)
};

enum class ForkServerEvent { kStart, kFallback, kRecycle };

// Thread-safe: every method may be called from any thread (prometheus-cpp's metrics are
// atomic; families are found under the registry's own lock). Never throws.
class Metrics {
 public:
  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // One answered HTTP request. `route` is the route's pattern ("/api/jobs/{id}"), or ""
  // when no route matched; `method` is the request's method as sent.
  void ObserveRequest(std::string_view method, std::string_view route, int status, double seconds);
  void ObserveRender(const RenderRecord& render);
  void ObserveUpload(char quality, double seconds);
  void ObserveForkServer(ForkServerEvent event);
  // A storage operation ("put", "url", "delete") that failed.
  void StorageError(std::string_view operation);

  // The text exposition of every metric, gauges set from `gauges` first.
  std::string Scrape(const JobGauges& gauges);

  // A counter of this process, registered on first use with `help` (the same name must
  // always come with the same help and label names). For features that add their own.
  prometheus::Counter& Counter(const std::string& name, const std::string& help,
                               const Labels& labels = {});

 private:
  struct Families;
  std::shared_ptr<prometheus::Registry> registry_;
  std::unique_ptr<Families> families_;
};

}  // namespace manimd::metrics
