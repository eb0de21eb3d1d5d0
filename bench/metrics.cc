// What metrics cost a request, against what every request already pays for its log line
// (the baseline), measured in one run; and how long a scrape of a busy registry takes.
//   build/bench/manimd_metrics_bench 2>/dev/null   (stderr takes the log lines)
#include "metrics/metrics.h"

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "core/log.h"

namespace {

using Clock = std::chrono::steady_clock;

template <typename F>
double NanosPerCall(int n, F f) {
  Clock::time_point start = Clock::now();
  for (int i = 0; i < n; ++i) f(i);
  return std::chrono::duration<double, std::nano>(Clock::now() - start).count() / n;
}

}  // namespace

int main() {
  using manimd::core::LogLevel;
  manimd::core::InitLogging(/*json=*/true);
  manimd::metrics::Metrics metrics;
  const std::vector<std::string> routes = {"/api/render", "/api/jobs/{id}",  "/api/jobs",
                                           "/health",     "/files/{key...}", ""};
  const int statuses[] = {200, 202, 404, 422};
  constexpr int kCalls = 200000;
  double log_ns = NanosPerCall(kCalls, [&](int i) {
    manimd::core::LogEvent(LogLevel::kInfo, "http.request",
                           {{"method", std::string("GET")},
                            {"path", routes[i % routes.size()]},
                            {"status", static_cast<std::int64_t>(statuses[i % 4])},
                            {"duration_ms", static_cast<std::int64_t>(3)},
                            {"request_id", std::string("0123456789abcdef")},
                            {"job_id", std::string()}});
  });
  manimd::core::FlushLog();
  double metric_ns = NanosPerCall(kCalls, [&](int i) {
    metrics.ObserveRequest("GET", routes[i % routes.size()], statuses[i % 4], 0.003);
  });
  for (int i = 0; i < 1000; ++i) {
    metrics.ObserveRender({"succeeded", "", "lmhpk"[i % 5], 1.5, 0.2});
    metrics.ObserveUpload("lmhpk"[i % 5], 0.05);
  }
  std::size_t bytes = 0;
  double scrape_ns = NanosPerCall(200, [&](int) { bytes = metrics.Scrape({1, 2, 2}).size(); });
  std::printf("per request: log line (baseline) %.0f ns, metrics %.0f ns, ratio %.2f\n", log_ns,
              metric_ns, metric_ns / log_ns);
  std::printf("scrape: %zu bytes in %.2f ms\n", bytes, scrape_ns / 1e6);
  return 0;
}
