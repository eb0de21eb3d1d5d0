#include "metrics/metrics.h"

#include <gtest/gtest.h>

#include "metrics/metered_storage.h"
#include "storage/storage_wrapper.h"

namespace manimd::metrics {
namespace {

bool Has(const std::string& text, const std::string& line) {
  return text.find(line + "\n") != std::string::npos;
}

TEST(MetricsTest, RequestsAreCountedByMethodRouteAndStatus) {
  Metrics m;
  m.ObserveRequest("GET", "/api/jobs/{id}", 200, 0.01);
  m.ObserveRequest("GET", "/api/jobs/{id}", 200, 0.02);
  m.ObserveRequest("GET", "", 404, 0.001);
  m.ObserveRequest("BREW", "", 404, 0.001);
  std::string text = m.Scrape({});
  EXPECT_TRUE(Has(
      text, R"(manimd_http_requests_total{method="GET",route="/api/jobs/{id}",status="200"} 2)"))
      << text;
  EXPECT_TRUE(
      Has(text, R"(manimd_http_requests_total{method="GET",route="unmatched",status="404"} 1)"));
  EXPECT_TRUE(
      Has(text, R"(manimd_http_requests_total{method="other",route="unmatched",status="404"} 1)"));
  EXPECT_TRUE(
      Has(text,
          R"(manimd_http_request_duration_seconds_count{method="GET",route="/api/jobs/{id}"} 2)"));
  EXPECT_TRUE(Has(text, "# TYPE manimd_http_request_duration_seconds histogram"));
}

TEST(MetricsTest, RendersByOutcomeKindAndQuality) {
  Metrics m;
  m.ObserveRender({"succeeded", "", 'l', 0.3, 0.05});
  m.ObserveRender({"failed", "python_error", 'l', 0.2, 0.01});
  m.ObserveUpload('l', 0.004);
  std::string text = m.Scrape({});
  EXPECT_TRUE(Has(text, R"(manimd_renders_total{error_kind="none",outcome="succeeded"} 1)"))
      << text;
  EXPECT_TRUE(Has(text, R"(manimd_renders_total{error_kind="python_error",outcome="failed"} 1)"));
  EXPECT_TRUE(Has(text, R"(manimd_render_duration_seconds_count{quality="l"} 2)"));
  EXPECT_TRUE(Has(text, R"(manimd_render_duration_seconds_bucket{quality="l",le="0.25"} 1)"));
  EXPECT_TRUE(Has(text, R"(manimd_queue_wait_seconds_count{quality="l"} 2)"));
  EXPECT_TRUE(Has(text, R"(manimd_upload_duration_seconds_count{quality="l"} 1)"));
}

TEST(MetricsTest, GaugesAreTheValuesOfTheScrape) {
  Metrics m;
  std::string text = m.Scrape({3, 2, 4});
  EXPECT_TRUE(Has(text, "manimd_queue_depth 3")) << text;
  EXPECT_TRUE(Has(text, "manimd_renders_running 2"));
  EXPECT_TRUE(Has(text, "manimd_render_slots 4"));
  text = m.Scrape({0, 0, 4});
  EXPECT_TRUE(Has(text, "manimd_queue_depth 0"));
}

TEST(MetricsTest, ForkServerCountersStartAtZero) {
  Metrics m;
  EXPECT_TRUE(Has(m.Scrape({}), "manimd_fork_server_fallbacks_total 0"));
  m.ObserveForkServer(ForkServerEvent::kStart);
  m.ObserveForkServer(ForkServerEvent::kStart);
  m.ObserveForkServer(ForkServerEvent::kRecycle);
  std::string text = m.Scrape({});
  EXPECT_TRUE(Has(text, "manimd_fork_server_starts_total 2"));
  EXPECT_TRUE(Has(text, "manimd_fork_server_recycles_total 1"));
  EXPECT_TRUE(Has(text, "manimd_fork_server_fallbacks_total 0"));
}

TEST(MetricsTest, AFeatureAddsACounterInOneLine) {
  Metrics m;
  m.Counter("manimd_cache_hits_total", "Renders answered from the cache").Increment();
  m.Counter("manimd_cache_hits_total", "Renders answered from the cache").Increment();
  m.Counter("manimd_webhook_deliveries_total", "Webhook deliveries", {{"result", "ok"}})
      .Increment();
  std::string text = m.Scrape({});
  EXPECT_TRUE(Has(text, "manimd_cache_hits_total 2")) << text;
  EXPECT_TRUE(Has(text, R"(manimd_webhook_deliveries_total{result="ok"} 1)"));
}

TEST(MetricsTest, ABadCounterNameIsLoggedNotThrown) {
  Metrics m;
  EXPECT_NO_THROW(m.Counter("not a name", "x").Increment());
  // A name taken by another type: prometheus-cpp would throw.
  EXPECT_NO_THROW(m.Counter("manimd_queue_depth", "x").Increment());
  EXPECT_TRUE(Has(m.Scrape({1, 0, 0}), "manimd_queue_depth 1"));
}

class FailingStorage : public storage::Storage {
 public:
  core::Status Put(const std::string&, const std::string&, const std::string&) override {
    return core::Unavailable("HTTP 503");
  }
  core::Result<std::string> Url(const std::string& key) override { return "/files/" + key; }
  core::Result<bool> Exists(const std::string&) override { return core::Unavailable("HTTP 503"); }
  core::Status Get(const std::string&, const std::string&) override {
    return core::Unavailable("HTTP 503");
  }
  core::Status Delete(const std::string&) override { return core::Internal("boom"); }
  core::Status Check() override { return core::Status::Ok(); }
};

TEST(MetricsTest, MeteredStorageCountsFailuresByOperation) {
  Metrics m;
  FailingStorage failing;
  MeteredStorage metered(&failing, &m);
  EXPECT_FALSE(metered.Put("/nonexistent", "k", "video/mp4").ok());
  EXPECT_FALSE(metered.Put("/nonexistent", "k", "video/mp4").ok());
  EXPECT_TRUE(metered.Url("k").ok());
  EXPECT_FALSE(metered.Delete("k").ok());
  std::string text = m.Scrape({});
  EXPECT_TRUE(Has(text, R"(manimd_storage_errors_total{operation="put"} 2)")) << text;
  EXPECT_TRUE(Has(text, R"(manimd_storage_errors_total{operation="url"} 0)"));
  EXPECT_TRUE(Has(text, R"(manimd_storage_errors_total{operation="delete"} 1)"));
}

}  // namespace
}  // namespace manimd::metrics
