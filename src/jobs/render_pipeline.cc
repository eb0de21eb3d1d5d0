// Render, then store. Every outcome ends in exactly one final Update and one log line.
#include "jobs/render_pipeline.h"

#include <filesystem>

#include "core/log.h"
#include "storage/object_key.h"

namespace manimd::jobs {
namespace {

namespace fs = std::filesystem;

}  // namespace

void RenderPipeline::Fail(LiveJob& job, const render::RenderError& error,
                          const std::vector<render::Warning>& warnings) {
  std::int64_t now = clock_->NowMs();
  job.Update([&](Job& j) {
    j.warnings = warnings;
    j.status =
        error.kind == render::ErrorKind::kCancelled ? JobStatus::kCancelled : JobStatus::kFailed;
    j.finished_ms = now;
    j.error = error;
  });
}

void RenderPipeline::Store(LiveJob& job, const render::RenderOutput& output,
                           const std::vector<render::Warning>& warnings) {
  job.Update([](Job& j) { j.status = JobStatus::kUploading; });
  std::string key = storage::NewVideoKey(output.scene, output.extension);
  core::Status put = storage_->Put(output.path, key, storage::ContentTypeFor(output.extension));
  core::Result<std::string> url = put.ok() ? storage_->Url(key) : core::Result<std::string>(put);
  if (!url.ok()) {
    // Nothing rendered is dropped: the file moves out of staging, and the error says where.
    std::string message = "storing the video failed: " + url.status().message();
    fs::path kept = fs::path(unstored_dir_) / job.id() / fs::path(output.path).filename();
    std::error_code ec;
    fs::create_directories(kept.parent_path(), ec);
    if (!ec && fs::exists(output.path)) fs::rename(output.path, kept, ec);
    if (!ec && fs::exists(kept)) message += " (the video is kept at " + kept.string() + ")";
    Fail(job, render::RenderError::Of(render::ErrorKind::kStorageError, message), warnings);
    return;
  }
  std::int64_t now = clock_->NowMs();
  job.Update([&](Job& j) {
    j.status = JobStatus::kSucceeded;
    j.finished_ms = now;
    j.warnings = warnings;
    j.key = key;
    j.url = *url;
    j.scene = output.scene;
    j.bytes = output.bytes;
  });
}

void RenderPipeline::Execute(LiveJob& job) {
  Job snapshot = job.Snapshot();
  std::optional<std::string> key = cache_ != nullptr ? cache_->KeyFor(snapshot) : std::nullopt;
  if (!key) return Render(job, snapshot);
  ResultCache::FlightLock flight = cache_->Flight(*key);
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
    render::RenderResult result = runner_->Run(
        render_job,
        [&](const render::Progress& p) {
          if (p == last) return;  // a heartbeat: nothing new to tell
          last = p;
          job.Update([&](Job& j) { j.progress = p; });
        },
        job.cancel_token());
    if (result.ok()) {
      Store(job, *result.output, result.warnings);
    } else {
      Fail(job, *result.error, result.warnings);
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
       {"outcome",
        done.error ? std::string(render::ErrorKindName(done.error->kind)) : std::string("ok")},
       {"queue_ms", done.started_ms - done.created_ms},
       {"render_ms", done.finished_ms - done.started_ms}});
}

}  // namespace manimd::jobs
