// Dry run, plan, chunks in parallel threads (one runner job each), join. The supervising
// thread only waits: cancellation and a failing chunk reach every chunk through one token.
#include "jobs/split_render.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

#include "core/log.h"
#include "jobs/chunk_progress.h"
#include "jobs/chunk_warnings.h"
#include "sandbox/watch.h"

namespace manimd::jobs {
namespace {

namespace fs = std::filesystem;
using render::ErrorKind;
using render::RenderError;
using render::RenderResult;

RenderResult Failed(ErrorKind kind, std::string message) {
  RenderResult r;
  r.error = RenderError::Of(kind, std::move(message));
  return r;
}

bool StoppedByALimit(ErrorKind kind) {
  return kind == ErrorKind::kTimeout || kind == ErrorKind::kMemoryLimit ||
         kind == ErrorKind::kProcessLimit || kind == ErrorKind::kOutputLimit;
}

std::string Describe(size_t index, size_t count, const render::AnimationRange& range) {
  std::string last = range.upto < 0 ? "the end" : std::to_string(range.upto);
  return "chunk " + std::to_string(index + 1) + " of " + std::to_string(count) + " (animations " +
         std::to_string(range.from + 1) + " to " + last + ")";
}

}  // namespace

SplitOutcome SplitRenderer::Render(const sandbox::RenderJob& job,
                                   const sandbox::ProgressFn& on_progress,
                                   const sandbox::CancelToken& cancel) {
  std::string refusal = render::SplitRefusal(job.request, policy_);
  // No dry run where its answer is known: without a second free slot the render is whole.
  if (refusal.empty() && free_slots_() < 2) refusal = "no second render slot is free";
  if (refusal.empty()) {
    sandbox::RenderJob dry = job;
    dry.request.dry_run = true;
    RenderResult probe = runner_->Run(
        dry, [](const render::Progress&) {}, cancel);
    if (cancel.cancelled()) return {Failed(ErrorKind::kCancelled, "cancelled"), 1};
    if (probe.validation) {
      int fps = job.request.fps.value_or(render::QualityFps(job.request.quality));
      render::SplitDecision plan =
          render::PlanSplit(*probe.validation, fps, free_slots_(), policy_);
      if (plan.chunks.size() >= 2) {
        return RenderChunks(job, *probe.validation, plan.chunks, on_progress, cancel);
      }
      refusal = plan.reason;
    } else if (probe.error && StoppedByALimit(probe.error->kind)) {
      // The whole render runs the same construct() and draws frames besides: the same limit
      // would stop it, only later. Its answer now keeps the job within one render's limits.
      return {std::move(probe), 1};
    } else {
      // The whole render says best what is wrong with the scene.
      refusal = "the dry run failed";
    }
  }
  core::LogEvent(core::LogLevel::kInfo, "render.whole", {{"job_id", job.id}, {"why", refusal}});
  return {runner_->Run(job, on_progress, cancel), 1};
}

SplitOutcome SplitRenderer::RenderChunks(const sandbox::RenderJob& job,
                                         const render::Validation& dry,
                                         const std::vector<render::AnimationRange>& chunks,
                                         const sandbox::ProgressFn& on_progress,
                                         const sandbox::CancelToken& cancel) {
  auto started = std::chrono::steady_clock::now();
  int fps = job.request.fps.value_or(render::QualityFps(job.request.quality));
  std::vector<long long> frames;
  for (double s : dry.play_seconds) frames.push_back(render::EstimatedFrames(s, fps));
  ChunkProgress progress(std::move(frames), chunks);
  core::LogEvent(core::LogLevel::kInfo, "render.split",
                 {{"job_id", job.id}, {"chunks", static_cast<std::int64_t>(chunks.size())}});

  sandbox::CancelToken stop;  // every chunk's: set on cancel or a chunk's failure
  std::mutex mu;
  std::condition_variable changed;
  size_t running = chunks.size();  // guarded by mu
  std::vector<RenderResult> parts(chunks.size());
  std::vector<bool> done(chunks.size());              // guarded by mu
  std::vector<sandbox::CpuMeter> cpu(chunks.size());  // each chunk's so far
  std::vector<std::thread> threads;
  for (size_t i = 0; i < chunks.size(); ++i) {
    threads.emplace_back([&, i] {
      sandbox::RenderJob part = job;
      part.request.chunk = chunks[i];
      part.cpu = &cpu[i];
      part.output_dir = (fs::path(job.output_dir) / ("chunk-" + std::to_string(i))).string();
      part.id = job.id + "/" + std::to_string(i + 1);
      std::error_code ec;
      fs::create_directories(part.output_dir, ec);
      RenderResult r = ec ? Failed(ErrorKind::kInternal, "creating " + part.output_dir)
                          : runner_->Run(
                                part,
                                [&](const render::Progress& p) {
                                  render::Progress whole = progress.Apply(i, p);
                                  std::lock_guard lock(mu);  // one on_progress at a time
                                  on_progress(whole);
                                },
                                stop);
      std::lock_guard lock(mu);
      if (!r.ok()) stop.Cancel();
      parts[i] = std::move(r);
      done[i] = true;
      --running;
      changed.notify_all();
    });
  }
  bool over_budget = false;
  {
    std::unique_lock lock(mu);
    // Bounded: every chunk ends within its own limits, and sooner once stopped.
    while (running > 0) {
      changed.wait_for(lock, std::chrono::milliseconds(100));
      if (cancel.cancelled()) stop.Cancel();
      std::int64_t used = 0;  // a finished chunk's CPU from its rusage, a running one's sampled
      for (size_t i = 0; i < chunks.size(); ++i) {
        used += done[i] ? parts[i].usage.cpu_ms : cpu[i].ms();
      }
      if (policy_.cpu_budget_ms > 0 && used > policy_.cpu_budget_ms && !stop.cancelled()) {
        over_budget = true;
        stop.Cancel();
      }
    }
  }
  for (std::thread& t : threads) t.join();
  // A chunk killed together with its fork server has no rusage: its last sample stands in.
  for (size_t i = 0; i < parts.size(); ++i) {
    parts[i].usage.cpu_ms = std::max(parts[i].usage.cpu_ms, cpu[i].ms());
  }
  return Conclude(job, chunks, parts, over_budget, cancel.cancelled() || stop.cancelled(), started,
                  cancel);
}

SplitOutcome SplitRenderer::Conclude(const sandbox::RenderJob& job,
                                     const std::vector<render::AnimationRange>& chunks,
                                     std::vector<RenderResult>& parts, bool over_budget,
                                     bool stopped, std::chrono::steady_clock::time_point started,
                                     const sandbox::CancelToken& cancel) {
  SplitOutcome out{{}, static_cast<int>(chunks.size())};
  if (over_budget) {
    out.result =
        Failed(ErrorKind::kTimeout, "the " + std::to_string(chunks.size()) +
                                        " chunks together used more than " +
                                        std::to_string(policy_.cpu_budget_ms / 1000) +
                                        " s of CPU, the whole render's limit (RENDER_CPU_S)");
  }
  for (size_t i = 0; i < parts.size() && !out.result.error; ++i) {
    if (parts[i].error && parts[i].error->kind != ErrorKind::kCancelled) {
      out.result.error = parts[i].error;
      out.result.error->message =
          Describe(i, chunks.size(), chunks[i]) + ": " + out.result.error->message;
    }
  }
  if (!out.result.error && stopped) out.result = Failed(ErrorKind::kCancelled, "cancelled");
  if (!out.result.error) out.result = Join(job, parts, cancel);
  std::vector<std::vector<render::Warning>> warnings;
  for (const RenderResult& p : parts) warnings.push_back(p.warnings);
  out.result.warnings = MergeChunkWarnings(warnings, sandbox::kMaxWarnings);
  // What the chunks used together, whatever the outcome: their CPU summed, the largest
  // peak of any one of them; the wall time is the whole split render's.
  out.result.usage.cpu_ms = 0;
  for (const RenderResult& p : parts) {
    out.result.usage.cpu_ms += p.usage.cpu_ms;
    out.result.usage.peak_memory_bytes =
        std::max(out.result.usage.peak_memory_bytes, p.usage.peak_memory_bytes);
  }
  out.result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  out.result.usage.wall_ms = static_cast<std::int64_t>(out.result.seconds * 1000);
  return out;
}

RenderResult SplitRenderer::Join(const sandbox::RenderJob& job, std::vector<RenderResult>& parts,
                                 const sandbox::CancelToken& cancel) {
  std::vector<std::string> files;
  for (const RenderResult& p : parts) files.push_back(p.output->path);
  const render::RenderOutput& first = *parts.front().output;
  std::string dest = job.output_dir + "/" + first.scene + "." + first.extension;
  core::Result<std::int64_t> bytes = joiner_->Join(files, dest, cancel);
  if (!bytes.ok()) {
    ErrorKind kind = cancel.cancelled() ? ErrorKind::kCancelled
                     : bytes.status().code() == core::Code::kDeadlineExceeded
                         ? ErrorKind::kTimeout
                         : ErrorKind::kInternal;
    return Failed(kind, bytes.status().message());
  }
  RenderResult r;
  // The whole video's first frame is the first chunk's, its last frame the last chunk's.
  const render::RenderOutput& framed =
      job.request.poster == render::Poster::kFirst ? first : *parts.back().output;
  r.output = render::RenderOutput{dest,   first.scene,          first.extension,
                                  *bytes, first.scenes_in_file, framed.poster_path};
  return r;  // warnings and usage: Conclude's
}

}  // namespace manimd::jobs
