// Render, then store. Every outcome ends in exactly one final Update and one log line.
#include "jobs/render_pipeline.h"

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "core/log.h"
#include "storage/object_key.h"

namespace manimd::jobs {
namespace {

namespace fs = std::filesystem;

}  // namespace

void RenderPipeline::Fail(LiveJob& job, const render::RenderError& error,
                          const std::vector<render::Warning>& warnings, const RunFacts& facts) {
  std::int64_t now = clock_->NowMs();
  job.Update([&](Job& j) {
    if (facts.chunks > 0) j.chunks = facts.chunks;
    j.warnings = warnings;
    j.usage = facts.usage;
    j.status =
        error.kind == render::ErrorKind::kCancelled ? JobStatus::kCancelled : JobStatus::kFailed;
    j.finished_ms = now;
    j.error = error;
    Record(j, facts.render_s);
  });
}

void RenderPipeline::Store(LiveJob& job, const render::RenderOutput& output,
                           const std::vector<render::Warning>& warnings, const RunFacts& facts) {
  job.Update([&](Job& j) {
    j.status = JobStatus::kUploading;
    j.chunks = facts.chunks;
  });
  std::string key = storage::NewVideoKey(output.scene, output.extension);
  auto upload_start = std::chrono::steady_clock::now();
  core::Status put = storage_->Put(output.path, key, storage::ContentTypeFor(output.extension));
  core::Result<std::string> url = put.ok() ? storage_->Url(key) : core::Result<std::string>(put);
  if (metrics_ != nullptr) {
    std::chrono::duration<double> took = std::chrono::steady_clock::now() - upload_start;
    metrics_->ObserveUpload(render::QualityLetter(job.Snapshot().request->quality), took.count());
  }
  if (!url.ok()) {
    // Nothing rendered is dropped: the file moves out of staging, and the error says where.
    std::string message = "storing the video failed: " + url.status().message();
    fs::path kept = fs::path(unstored_dir_) / job.id() / fs::path(output.path).filename();
    std::error_code ec;
    fs::create_directories(kept.parent_path(), ec);
    if (!ec && fs::exists(output.path)) fs::rename(output.path, kept, ec);
    if (!ec && fs::exists(kept)) message += " (the video is kept at " + kept.string() + ")";
    Fail(job, render::RenderError::Of(render::ErrorKind::kStorageError, message), warnings, facts);
    return;
  }
  // The poster is a nicety: when it cannot be stored the video still counts, with a warning.
  std::string poster_key, poster_url;
  std::vector<render::Warning> all_warnings = warnings;
  if (!output.poster_path.empty()) {
    std::string k = storage::PosterKeyFor(key);
    core::Status s = storage_->Put(output.poster_path, k, storage::ContentTypeFor("png"));
    core::Result<std::string> u = s.ok() ? storage_->Url(k) : core::Result<std::string>(s);
    if (u.ok()) {
      poster_key = k;
      poster_url = *u;
    } else {
      all_warnings.push_back(
          {0, "poster.not_stored", "storing the poster failed: " + u.status().message()});
    }
  }
  std::int64_t now = clock_->NowMs();
  job.Update([&](Job& j) {
    j.status = JobStatus::kSucceeded;
    j.poster_key = poster_key;
    j.poster_url = poster_url;
    j.finished_ms = now;
    j.warnings = all_warnings;
    j.usage = facts.usage;
    j.key = key;
    j.url = *url;
    j.scene = output.scene;
    j.bytes = output.bytes;
    Record(j, facts.render_s);
  });
}

void RenderPipeline::Record(const Job& done, double render_s) {
  if (metrics_ == nullptr) return;
  metrics::RenderRecord r;
  r.outcome = JobStatusName(done.status);
  if (done.error) r.error_kind = render::ErrorKindName(done.error->kind);
  r.quality = render::QualityLetter(done.request->quality);
  r.render_s = render_s;
  // Clocks of different nodes (Redis) may disagree a little: never a negative wait.
  r.queue_s =
      static_cast<double>(std::max<std::int64_t>(0, done.started_ms - done.created_ms)) / 1000.0;
  metrics_->ObserveRender(r);
}

void RenderPipeline::Execute(LiveJob& job) {
  Job snapshot = job.Snapshot();
  std::optional<std::string> key = cache_ != nullptr ? cache_->KeyFor(snapshot) : std::nullopt;
  if (!key) return Render(job, snapshot);
  std::optional<ResultCache::FlightLock> flight =
      cache_->Flight(*key, snapshot.id, job.cancel_token());
  if (!flight) {
    // The identical render it waited for carries on for the others.
    return Fail(job,
                render::RenderError::Of(render::ErrorKind::kCancelled,
                                        "cancelled while waiting for an identical render"),
                {});
  }
  if (std::optional<Job> hit = cache_->Hit(snapshot, *key)) {
    job.Update([&](Job& j) { j = *hit; });
    cache_->Remember(*key, *hit);
    core::LogEvent(core::LogLevel::kInfo, "cache.hit",
                   {{"job_id", hit->id}, {"object", hit->key}, {"at", std::string("run")}});
    return;
  }
  Render(job, snapshot);
  cache_->Remember(*key, job.Snapshot());
}

void RenderPipeline::Render(LiveJob& job, const Job& snapshot) {
  fs::path staging = fs::path(staging_dir_) / snapshot.id;
  std::error_code ec;
  fs::create_directories(staging, ec);
  if (ec) {
    Fail(job,
         render::RenderError::Of(render::ErrorKind::kInternal,
                                 "creating " + staging.string() + ": " + ec.message()),
         {});
  } else {
    sandbox::RenderJob render_job{*snapshot.request, staging.string(), snapshot.id};
    render::Progress last;
    sandbox::ProgressFn on_progress = [&](const render::Progress& p) {
      if (p == last) return;  // a heartbeat: nothing new to tell
      last = p;
      job.Update([&](Job& j) { j.progress = p; });
    };
    SplitOutcome outcome =
        split_ ? split_->Render(render_job, on_progress, job.cancel_token())
               : SplitOutcome{runner_->Run(render_job, on_progress, job.cancel_token()), 1};
    render::RenderResult& result = outcome.result;
    if (result.ok()) {
      Store(job, *result.output, result.warnings, {result.seconds, result.usage, outcome.chunks});
    } else {
      Fail(job, *result.error, result.warnings, {result.seconds, result.usage, outcome.chunks});
    }
  }
  fs::remove_all(staging, ec);

  Job done = job.Snapshot();
  core::LogEvent(
      done.status == JobStatus::kSucceeded ? core::LogLevel::kInfo : core::LogLevel::kWarn,
      "render.finished",
      {{"job_id", done.id},
       {"scene", done.scene.empty() ? done.request->scene.value_or("") : done.scene},
       {"quality", std::string(1, render::QualityLetter(done.request->quality))},
       {"chunks", static_cast<std::int64_t>(done.chunks)},
       {"outcome",
        done.error ? std::string(render::ErrorKindName(done.error->kind)) : std::string("ok")},
       {"queue_ms", done.started_ms - done.created_ms},
       {"render_ms", done.finished_ms - done.started_ms}});
}

}  // namespace manimd::jobs
