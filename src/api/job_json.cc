// The JSON views of jobs; which failure gets which status is error_reply.cc's.
#include "api/job_json.h"

#include <boost/json/parse.hpp>
#include <cmath>

#include "api/error_reply.h"
#include "core/iso_time.h"
#include "render/result_json.h"

namespace manimd::api {

namespace json = boost::json;
using http::beast_http::status;

namespace {

json::value IsoTime(std::int64_t ms) {
  std::string text = core::IsoTime(ms);
  return text.empty() ? json::value(nullptr) : json::value(text);
}

json::value OrNull(const std::string& text) {
  return text.empty() ? json::value(nullptr) : json::value(text);
}

json::value LinkOrNull(const std::string& url, const ViewContext& view) {
  return url.empty() ? json::value(nullptr) : json::value(ViewUrl(url, view));
}

// Once a job has run to its end; null before (and for a job cancelled while queued).
json::value JobUsageJson(const jobs::Job& job) {
  if (!jobs::IsFinal(job.status) || job.started_ms == 0) return nullptr;
  return render::UsageJson(job.usage, job.started_ms - job.created_ms, job.bytes);
}

// The client's own object back, untouched; null when it sent none.
json::value MetadataJson(const std::string& metadata) {
  if (metadata.empty()) return nullptr;
  boost::system::error_code ec;
  json::value v = json::parse(metadata, ec);
  return ec ? json::value(nullptr) : v;
}

json::object WebhookJson(const jobs::WebhookState& w) {
  return json::object{
      {"attempts", w.attempts},
      {"lastStatus", w.last_status ? json::value(w.last_status) : nullptr},
      {"lastError", w.last_error.empty() ? json::value(nullptr) : json::value(w.last_error)},
      {"deliveredAt", IsoTime(w.delivered_ms)}};
}

json::object RequestJson(const render::RenderRequest& r, bool with_code) {
  json::object o;
  if (with_code) o["codeContent"] = r.code;
  o["codeBytes"] = r.code.size();
  o["quality"] = std::string("-q") + render::QualityLetter(r.quality);
  o["scene"] = r.scene ? json::value(*r.scene) : json::value(nullptr);
  o["format"] = render::FormatName(render::EffectiveFormat(r));
  o["fps"] = r.fps ? json::value(*r.fps) : json::value(nullptr);
  o["resolution"] = r.resolution ? json::value(std::to_string(r.resolution->width) + "," +
                                               std::to_string(r.resolution->height))
                                 : json::value(nullptr);
  o["transparent"] = r.transparent;
  o["compat"] = render::CompatName(r.compat);
  o["poster"] = render::WantsPoster(r) ? json::value(render::PosterName(r.poster)) : nullptr;
  o["split"] = r.split ? json::value(*r.split) : json::value(nullptr);
  return o;
}

}  // namespace

json::object JobJson(const jobs::Job& job, const ViewContext& view, bool with_code) {
  json::object o{
      {"jobId", job.id},
      {"status", jobs::JobStatusName(job.status)},
      {"createdAt", IsoTime(job.created_ms)},
      {"startedAt", IsoTime(job.started_ms)},
      {"finishedAt", IsoTime(job.finished_ms)},
      {"request", RequestJson(*job.request, with_code)},
      {"progress", render::ProgressJson(job.progress, job.status == jobs::JobStatus::kSucceeded)},
      {"s3Key", job.key.empty() ? json::value(nullptr) : json::value(job.key)},
      {"url", job.url.empty() ? json::value(nullptr) : json::value(ViewUrl(job.url, view))},
      {"posterKey", OrNull(job.poster_key)},
      {"posterUrl", LinkOrNull(job.poster_url, view)},
      {"cached", job.cached},
      {"chunks", job.chunks > 0 ? json::value(job.chunks) : json::value(nullptr)},
      {"warnings", render::WarningsJson(job.warnings)},
      {"usage", JobUsageJson(job)},
      {"error", job.error ? json::value(render::ErrorJson(*job.error, view.manim_version,
                                                          job.request->compat))
                          : json::value(nullptr)}};
  if (!job.callback_url.empty()) {
    o["callbackUrl"] = job.callback_url;
    o["webhook"] = WebhookJson(job.webhook);
  }
  o["metadata"] = MetadataJson(job.metadata);
  return o;
}

bool IsPlainHost(std::string_view host) {
  // host[:port] with host a name or IPv4 address, or [IPv6]:port. Nothing else of a
  // client's Host header reaches an answer (no markup, no spaces, no path).
  size_t colon = host.rfind(':');
  std::string_view name = host, port;
  if (!host.empty() && host.front() == '[') {
    size_t close = host.find(']');
    if (close == std::string_view::npos) return false;
    name = host.substr(1, close - 1);
    std::string_view rest = host.substr(close + 1);
    if (!rest.empty() && (rest.front() != ':' || rest.size() == 1)) return false;
    port = rest.empty() ? rest : rest.substr(1);
    if (name.empty() || name.find_first_not_of("0123456789abcdefABCDEF:.") != name.npos)
      return false;
  } else {
    if (colon != std::string_view::npos) {
      name = host.substr(0, colon);
      port = host.substr(colon + 1);
      if (port.empty()) return false;
    }
    if (name.empty() ||
        name.find_first_not_of("abcdefghijklmnopqrstuvwxyz"
                               "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-") != std::string_view::npos)
      return false;
  }
  return port.size() <= 5 && port.find_first_not_of("0123456789") == std::string_view::npos;
}

std::string AbsoluteUrl(const std::string& url, const std::string& public_url,
                        const http::Request& request) {
  if (url.empty() || url.front() != '/') return url;
  if (!public_url.empty()) return public_url + url;
  std::string_view host = request[http::beast_http::field::host];
  if (!IsPlainHost(host)) return url;  // a relative link rather than the client's bytes
  return "http://" + std::string(host) + url;
}

http::StringResponse RenderOutcomeResponse(const jobs::Job& job, const ViewContext& view) {
  if (job.status == jobs::JobStatus::kSucceeded) {
    return http::JsonResponse(http::beast_http::status::ok,
                              json::object{{"message", "Video created and uploaded successfully."},
                                           {"s3Key", job.key},
                                           {"url", ViewUrl(job.url, view)},
                                           {"jobId", job.id},
                                           {"posterKey", OrNull(job.poster_key)},
                                           {"posterUrl", LinkOrNull(job.poster_url, view)},
                                           {"cached", job.cached},
                                           {"chunks", job.chunks},
                                           {"warnings", render::WarningsJson(job.warnings)},
                                           {"usage", JobUsageJson(job)}});
  }
  render::RenderError error =
      job.error.value_or(render::RenderError::Of(render::ErrorKind::kInternal, "no result"));
  return RenderFailureReply(
      error,
      json::object{{"jobId", job.id},
                   {"warnings", render::WarningsJson(job.warnings)},
                   {"usage", JobUsageJson(job)},
                   {"error", render::ErrorJson(error, view.manim_version, job.request->compat)}});
}

std::string ViewUrl(const std::string& url, const ViewContext& view) {
  bool local = url.starts_with("/files/");
  return AbsoluteUrl(local && view.signer != nullptr ? view.signer->Sign(url) : url,
                     view.public_url, view.request);
}

}  // namespace manimd::api
