// Dry run, plan, chunks in parallel threads (one runner job each) or, in a cluster, also
// on other workers' idle slots (jobs/chunk_pool.h), then the join. The supervising thread
// only waits and polls: cancellation and a failing chunk reach every chunk through one token.
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

std::string ChunkDir(const sandbox::RenderJob& job, size_t i) {
  return (fs::path(job.output_dir) / ("chunk-" + std::to_string(i))).string();
}

}  // namespace

// What the chunk threads and the supervising thread of one split render share.
struct ChunkBoard {
  ChunkBoard(const std::vector<render::AnimationRange>& c, ChunkProgress& p,
             const sandbox::ProgressFn& f)
      : chunks(c),
        progress(p),
        on_progress(f),
        parts(c.size()),
        done(c.size()),
        local(c.size()),
        cpu(c.size()),
        remote_cpu(c.size()) {}

  // Chunk i's result; the first failure stops every chunk.
  void Finish(size_t i, RenderResult r) {
    std::lock_guard lock(mu);
    if (done[i]) return;
    if (!r.ok()) stop.Cancel();
    parts[i] = std::move(r);
    done[i] = true;
    ++finished;
    changed.notify_all();
  }
  // Chunk i's own progress, folded into the whole scene's and passed on.
  void Report(size_t i, const render::Progress& p) {
    render::Progress whole = progress.Apply(i, p);
    std::lock_guard lock(mu);  // one on_progress at a time
    on_progress(whole);
  }
  // Whether a remote report of chunk i is still needed.
  bool Wanted(size_t i) {
    std::lock_guard lock(mu);
    return i < done.size() && !done[i] && !local[i];
  }

  const std::vector<render::AnimationRange>& chunks;
  ChunkProgress& progress;
  const sandbox::ProgressFn& on_progress;
  std::mutex mu;
  std::condition_variable changed;
  std::vector<RenderResult> parts;       // guarded by mu
  std::vector<bool> done;                // guarded by mu
  std::vector<bool> local;               // guarded by mu: rendered by this process
  std::vector<sandbox::CpuMeter> cpu;    // the local chunks' samples
  std::vector<std::int64_t> remote_cpu;  // the remote chunks' CPU; supervising thread only
  size_t finished = 0;                   // guarded by mu
  sandbox::CancelToken stop;             // every chunk's: cancel, a failure, the budget
  std::vector<std::thread> threads;      // started by RenderChunks, then the supervisor only
  std::chrono::steady_clock::time_point last_heard;  // the pool last answered; supervisor
  std::int64_t dry_cpu_ms = 0;  // what the dry run used: part of the job's CPU and budget
};

namespace {

// Chunk i on this process's runner, in the job's directory chunk-<i>.
void RenderHere(sandbox::Runner* runner, const sandbox::RenderJob& job, ChunkBoard& b, size_t i) {
  sandbox::RenderJob part = job;
  part.request.chunk = b.chunks[i];
  part.cpu = &b.cpu[i];
  part.output_dir = ChunkDir(job, i);
  part.id = job.id + "/" + std::to_string(i + 1);
  std::error_code ec;
  fs::create_directories(part.output_dir, ec);
  core::LogEvent(core::LogLevel::kInfo, "render.chunk",
                 {{"job_id", job.id}, {"chunk", static_cast<std::int64_t>(i + 1)}});
  RenderResult r = ec ? Failed(ErrorKind::kInternal, "creating " + part.output_dir)
                      : runner->Run(
                            part, [&](const render::Progress& p) { b.Report(i, p); }, b.stop);
  b.Finish(i, std::move(r));
}

// One of this process's slots: takes the job's chunks from the pool until none is left.
// Its first one at once; more only once other workers' idle slots, which K counted and
// which look for chunks twice a second, had `head_start` to take theirs.
void TakeHere(ChunkPool* pool, sandbox::Runner* runner, const sandbox::RenderJob& job,
              ChunkBoard& b, std::chrono::steady_clock::time_point head_start) {
  for (size_t n = 0; n < b.chunks.size() && !b.stop.cancelled(); ++n) {
    while (n > 0 && std::chrono::steady_clock::now() < head_start && !b.stop.cancelled()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    core::Result<std::optional<size_t>> i = pool->TakeOwn(job.id);
    if (!i.ok() || !*i || **i >= b.chunks.size()) return;
    {
      std::lock_guard lock(b.mu);
      if (b.done[**i] || b.local[**i]) continue;
      b.local[**i] = true;
    }
    RenderHere(runner, job, b, **i);
  }
}

// A remote chunk's file (and poster) copied into the job's chunk-<i>; on failure the
// chunk fails as storage_error (its usage and warnings stay).
void FetchRemote(ChunkPool* pool, const sandbox::RenderJob& job, RemoteChunk& c) {
  if (!c.result.output) return;
  std::string dir = ChunkDir(job, c.index);
  std::error_code ec;
  fs::create_directories(dir, ec);
  core::Status s = ec ? core::Internal("creating " + dir) : pool->Fetch(c, dir);
  if (s.ok()) return;
  if (ec) pool->Discard(c);
  c.result.output.reset();
  c.result.error = RenderError::Of(
      ErrorKind::kStorageError, "fetching the chunk rendered by " + c.taker + ": " + s.message());
}

}  // namespace

SplitOutcome SplitRenderer::Render(const sandbox::RenderJob& job,
                                   const sandbox::ProgressFn& on_progress,
                                   const sandbox::CancelToken& cancel) {
  std::string refusal = render::SplitRefusal(job.request, policy_);
  // No dry run where its answer is known: without a second free slot the render is whole.
  if (refusal.empty() && FreeSlots() < 2) refusal = "no second render slot is free";
  std::int64_t dry_cpu_ms = 0;  // the job's CPU includes the dry run's, whatever follows
  if (refusal.empty()) {
    sandbox::RenderJob dry = job;
    dry.request.dry_run = true;
    RenderResult probe = runner_->Run(
        dry, [](const render::Progress&) {}, cancel);
    if (cancel.cancelled()) return {Failed(ErrorKind::kCancelled, "cancelled"), 1};
    dry_cpu_ms = probe.usage.cpu_ms;
    if (probe.validation) {
      int fps = job.request.fps.value_or(render::QualityFps(job.request.quality));
      render::SplitDecision plan = render::PlanSplit(*probe.validation, fps, FreeSlots(), policy_);
      if (plan.chunks.size() >= 2) {
        return RenderChunks(job, probe, plan.chunks, on_progress, cancel);
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
  SplitOutcome whole{runner_->Run(job, on_progress, cancel), 1};
  whole.result.usage.cpu_ms += dry_cpu_ms;
  return whole;
}

SplitOutcome SplitRenderer::RenderChunks(const sandbox::RenderJob& job,
                                         const render::RenderResult& probe,
                                         const std::vector<render::AnimationRange>& chunks,
                                         const sandbox::ProgressFn& on_progress,
                                         const sandbox::CancelToken& cancel) {
  auto started = std::chrono::steady_clock::now();
  int fps = job.request.fps.value_or(render::QualityFps(job.request.quality));
  std::vector<long long> frames;
  for (double s : probe.validation->play_seconds) frames.push_back(render::EstimatedFrames(s, fps));
  ChunkProgress progress(std::move(frames), chunks);
  // Offered to the cluster when there is one; if Redis refuses, every chunk renders here.
  bool pooled = pool_ != nullptr && pool_->Open(job.id, chunks).ok();
  core::LogEvent(core::LogLevel::kInfo, "render.split",
                 {{"job_id", job.id},
                  {"chunks", static_cast<std::int64_t>(chunks.size())},
                  {"cluster", pooled}});
  ChunkBoard board(chunks, progress, on_progress);
  board.dry_cpu_ms = probe.usage.cpu_ms;
  if (!pooled) {
    for (size_t i = 0; i < chunks.size(); ++i) {
      board.local[i] = true;
      board.threads.emplace_back([&, i] { RenderHere(runner_, job, board, i); });
    }
  } else {
    // This worker's free slots take chunks from the pool like any other worker's.
    size_t here =
        std::clamp<size_t>(static_cast<size_t>(std::max(free_slots_(), 1)), 1, chunks.size());
    auto head_start = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    for (size_t t = 0; t < here; ++t) {
      board.threads.emplace_back(
          [&, head_start] { TakeHere(pool_, runner_, job, board, head_start); });
    }
  }
  bool over_budget = Supervise(job, board, pooled, cancel);
  for (std::thread& t : board.threads) t.join();
  if (pooled) pool_->Close(job.id, chunks.size());
  // A chunk killed together with its fork server has no rusage: its last sample stands in.
  for (size_t i = 0; i < board.parts.size(); ++i) {
    board.parts[i].usage.cpu_ms = std::max(board.parts[i].usage.cpu_ms, board.cpu[i].ms());
  }
  SplitOutcome out = Conclude(job, chunks, board.parts, over_budget,
                              cancel.cancelled() || board.stop.cancelled(), started, cancel);
  out.result.usage.cpu_ms += board.dry_cpu_ms;
  return out;
}

bool SplitRenderer::Supervise(const sandbox::RenderJob& job, ChunkBoard& board, bool pooled,
                              const sandbox::CancelToken& cancel) {
  constexpr auto kPollEvery = std::chrono::milliseconds(250);
  const size_t n = board.chunks.size();
  bool over_budget = false, pool_stopped = false;
  auto last_poll = std::chrono::steady_clock::now();
  board.last_heard = last_poll;
  std::unique_lock lock(board.mu);
  // Bounded: every local chunk ends within its own limits, and sooner once stopped; a
  // remote one reports, or its claim lapses a lease after its taker fell silent.
  while (board.finished < n) {
    board.changed.wait_for(lock, std::chrono::milliseconds(100));
    if (cancel.cancelled()) board.stop.Cancel();
    // The dry run's, then a finished chunk's CPU from its rusage, a running one's sampled.
    std::int64_t used = board.dry_cpu_ms;
    for (size_t i = 0; i < n; ++i) {
      used += board.done[i]    ? board.parts[i].usage.cpu_ms
              : board.local[i] ? board.cpu[i].ms()
                               : board.remote_cpu[i];
    }
    if (policy_.cpu_budget_ms > 0 && used > policy_.cpu_budget_ms && !board.stop.cancelled()) {
      over_budget = true;
      board.stop.Cancel();
    }
    if (!pooled) continue;
    lock.unlock();
    if (board.stop.cancelled() && !pool_stopped) {
      pool_stopped = true;
      pool_->Stop(job.id);
    }
    if (std::chrono::steady_clock::now() - last_poll >= kPollEvery) {
      last_poll = std::chrono::steady_clock::now();
      PollPool(job, board);
    }
    lock.lock();
  }
  return over_budget;
}

void SplitRenderer::PollPool(const sandbox::RenderJob& job, ChunkBoard& board) {
  const size_t n = board.chunks.size();
  core::Result<ChunkPoll> poll = pool_->Poll(job.id, n);
  auto now = std::chrono::steady_clock::now();
  std::vector<bool> reported(n);
  if (poll.ok()) {
    board.last_heard = now;
    for (RemoteChunk& c : poll->finished) {
      reported[c.index] = true;
      if (!board.Wanted(c.index)) {  // rendered here meanwhile, or a second report
        pool_->Discard(c);
        continue;
      }
      FetchRemote(pool_, job, c);
      core::LogEvent(core::LogLevel::kInfo, "render.chunk_remote",
                     {{"job_id", job.id},
                      {"chunk", static_cast<std::int64_t>(c.index + 1)},
                      {"worker", c.taker},
                      {"outcome", c.result.error ? render::ErrorKindName(c.result.error->kind)
                                                 : std::string("ok")},
                      {"cpu_ms", c.result.usage.cpu_ms}});
      board.Finish(c.index, std::move(c.result));
    }
    for (const auto& [i, p] : poll->progress) {
      if (board.Wanted(i)) board.Report(i, p);
    }
    for (const auto& [i, ms] : poll->cpu_ms) {
      board.remote_cpu[i] = std::max(board.remote_cpu[i], ms);
    }
  }
  // Redis silent for a whole lease: no remote chunk can be heard of any more.
  bool deaf = !poll.ok() && now - board.last_heard > pool_->lease();
  for (size_t i = 0; i < n; ++i) {
    if (reported[i] || !board.Wanted(i)) continue;
    if (poll.ok() ? poll->alive[i] : !deaf) continue;
    // Neither to take nor claimed, and no result: its taker died (or Redis lost it).
    if (board.stop.cancelled()) {
      board.Finish(i, Failed(ErrorKind::kCancelled, "cancelled"));
      continue;
    }
    {
      std::lock_guard lock(board.mu);
      board.local[i] = true;
    }
    core::LogEvent(core::LogLevel::kWarn, "render.chunk_retaken",
                   {{"job_id", job.id}, {"chunk", static_cast<std::int64_t>(i + 1)}});
    board.threads.emplace_back([this, &job, &board, i] { RenderHere(runner_, job, board, i); });
  }
}

SplitOutcome SplitRenderer::Conclude(const sandbox::RenderJob& job,
                                     const std::vector<render::AnimationRange>& chunks,
                                     std::vector<RenderResult>& parts, bool over_budget,
                                     bool stopped, std::chrono::steady_clock::time_point started,
                                     const sandbox::CancelToken& cancel) {
  SplitOutcome out{{}, static_cast<int>(chunks.size())};
  if (over_budget) {
    out.result =
        Failed(ErrorKind::kTimeout, "the dry run and the " + std::to_string(chunks.size()) +
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
