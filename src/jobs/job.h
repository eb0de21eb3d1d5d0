// Job: one render request and everything known about it as it moves through
// queued -> running -> uploading -> succeeded | failed | cancelled.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "render/progress.h"
#include "render/render_request.h"
#include "render/render_result.h"

namespace manimd::jobs {

enum class JobStatus { kQueued, kRunning, kUploading, kSucceeded, kFailed, kCancelled };

const char* JobStatusName(JobStatus status);  // "queued", ...
std::optional<JobStatus> ParseJobStatus(std::string_view name);
bool IsFinal(JobStatus status);

// How the job's final webhook has fared (webhooks/delivery_store.h keeps the deliveries).
struct WebhookState {
  int attempts = 0;
  int last_status = 0;            // HTTP status of the last answer; 0 when none came
  std::int64_t delivered_ms = 0;  // when a 2xx came; 0 until then
  std::string last_error;         // why the last attempt failed, "" after a success
  bool operator==(const WebhookState&) const = default;
};

struct Job {
  std::string id;
  JobStatus status = JobStatus::kQueued;
  // Immutable once submitted and shared by every copy of the job (snapshots, observers,
  // the store): a job changes many times a second while it runs, its code never.
  // REQUIRES: never null.
  std::shared_ptr<const render::RenderRequest> request =
      std::make_shared<const render::RenderRequest>();
  std::string callback_url;  // where webhooks go; may be empty
  std::vector<std::pair<std::string, std::string>> callback_headers;  // sent with them
  bool callback_progress = false;  // callbackEvents has "progress": also on progress
  std::string metadata;            // the client's JSON object, serialised; "" when none
  bool sync = false;               // submitted by POST /api/render: a client waits on the answer
  // The API key (its id) that submitted it; empty while auth is off. Only that key sees it.
  std::string tenant;
  // Jobs of this tenant that may run at once (the key's --concurrency); 0: no limit.
  int tenant_concurrency = 0;
  std::int64_t seq = 0;  // submission order, set by the JobStore (1, 2, ...)
  int attempts = 0;      // times a worker started it; a restart recovers at most kMaxAttempts
  std::int64_t created_ms = 0;
  std::int64_t started_ms = 0;   // 0 until running
  std::int64_t finished_ms = 0;  // 0 until final
  render::Progress progress;
  // On success:
  std::string key;    // storage key, "videos/<uuid>/<Scene>.mp4"
  std::string url;    // Storage::Url(key) when it finished
  std::string scene;  // the Scene subclass rendered
  std::int64_t bytes = 0;
  std::string poster_key;  // "videos/<uuid>/<Scene>.poster.png"; "" when there is none
  std::string poster_url;
  bool cached = false;    // answered from the result cache (jobs/result_cache.h)
  bool use_cache = true;  // false: the body said "cache": false, so it renders anyway
  int chunks = 0;         // pieces the render was split into (docs/split.md); 0 until rendered
  std::vector<render::Warning> warnings;  // from the render, success or not
  render::Usage usage;                    // what the render cost, once it ran (either way)
  WebhookState webhook;                   // the final webhook's deliveries so far
  // On failure (also cancelled):
  std::optional<render::RenderError> error;
};

// A job interrupted this many times (the server stopped or died while it ran) is not run
// again: it is failed as `internal` when the next start recovers it.
inline constexpr int kMaxAttempts = 3;

// Back to queued as if it had never started: the request and submission fields stay.
void Requeue(Job& job);

// A new random job id: 32 lowercase hex digits.
std::string NewJobId();

}  // namespace manimd::jobs
