// A chunk of another worker's split job, rendered here. The coordinator owns the job: the
// taker writes nothing of the job itself, only its claim, its chunk's progress and CPU,
// its result record and the temporary objects that record names.
#include "jobs/redis_chunk_taker.h"

#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <thread>

#include "core/log.h"
#include "jobs/chunk_record.h"
#include "jobs/job_codec.h"
#include "jobs/redis_chunk_pool.h"
#include "jobs/redis_keys.h"
#include "storage/object_key.h"

namespace manimd::jobs {
namespace {

namespace fs = std::filesystem;
namespace keys = redis_keys;
using redis::RedisReply;

constexpr std::chrono::milliseconds kWatchEvery{250};  // cancel within ~1/4 s
constexpr size_t kMostJobsLooked = 16;                 // open jobs tried per TakeOne

std::string Ms(std::chrono::milliseconds d) { return std::to_string(d.count()); }

// What the render thread and the watching thread share.
struct Watched {
  std::mutex mu;
  std::condition_variable ended_cv;
  bool ended = false;       // guarded by mu: the render returned
  render::Progress latest;  // guarded by mu: the chunk's own progress
  sandbox::CpuMeter cpu;    // the runner's samples
  sandbox::CancelToken cancel;
};

// Until the render ends: refreshes the claim, publishes progress and CPU, and cancels
// the render when the job's chunks were stopped or forgotten, or the worker is stopping.
void Watch(redis::RedisClient& client, const std::string& job_id, size_t index,
           const RedisChunkTakerOptions& options, const std::atomic<bool>& interrupt, Watched& w) {
  const std::string i = std::to_string(index);
  std::unique_lock lock(w.mu);
  // Bounded by the render, which its runner ends within its limits (sooner once cancelled).
  while (!w.ended) {
    render::Progress p = w.latest;
    lock.unlock();
    (void)client.Command(
        {"SET", keys::ChunkClaimPrefix(job_id) + i, options.worker_id, "PX", Ms(options.lease)});
    (void)client.Command({"HSET", keys::ChunkState(job_id), i, EncodeProgress(p), i + ".cpu",
                          std::to_string(w.cpu.ms())});
    (void)client.Command({"PEXPIRE", keys::ChunkState(job_id), Ms(options.ttl)});
    core::Result<RedisReply> stopped = client.Command({"EXISTS", keys::ChunkStop(job_id)});
    core::Result<RedisReply> open = client.Command({"EXISTS", keys::ChunkRanges(job_id)});
    // Redis out of reach stops nothing: the claim then lapses and the coordinator re-renders.
    bool stop = (stopped.ok() && stopped->integer == 1) || (open.ok() && open->integer == 0);
    if ((stop || interrupt) && !w.cancel.cancelled()) w.cancel.Cancel();
    lock.lock();
    w.ended_cv.wait_for(lock, kWatchEvery, [&] { return w.ended; });
  }
}

}  // namespace

RedisChunkTaker::RedisChunkTaker(RedisChunkTakerOptions options, RedisJobStore* store,
                                 sandbox::Runner* runner, storage::Storage* storage)
    : options_(std::move(options)),
      store_(store),
      runner_(runner),
      storage_(storage),
      client_(redis::RedisClient::Lazy(options_.address, {})) {}

bool RedisChunkTaker::TakeOne(const std::atomic<bool>& interrupt) {
  core::Result<RedisReply> open = client_->Command({"SMEMBERS", keys::kChunksOpen});
  if (!open.ok()) return false;
  for (size_t n = 0; n < open->elements.size() && n < kMostJobsLooked && !interrupt; ++n) {
    const std::string& job_id = open->elements[n].str;
    core::Result<std::optional<size_t>> index =
        TakeChunk(*client_, job_id, options_.worker_id, options_.lease);
    if (!index.ok()) return false;
    if (*index) {
      Render(job_id, **index, interrupt);
      return true;
    }
    // Nothing left to take; a job whose chunks are forgotten (its coordinator died before
    // Close) leaves the open set here.
    core::Result<RedisReply> exists = client_->Command({"EXISTS", keys::ChunkRanges(job_id)});
    if (exists.ok() && exists->integer == 0) {
      (void)client_->Command({"SREM", keys::kChunksOpen, job_id});
    }
  }
  return false;
}

void RedisChunkTaker::Render(const std::string& job_id, size_t index,
                             const std::atomic<bool>& interrupt) {
  ++busy_;
  struct Done {
    std::atomic<int>& busy;
    ~Done() { --busy; }
  } done{busy_};
  const std::string claim = keys::ChunkClaimPrefix(job_id) + std::to_string(index);
  core::Result<RedisReply> range =
      client_->Command({"HGET", keys::ChunkRanges(job_id), std::to_string(index)});
  render::AnimationRange chunk_range;
  if (!range.ok() || range->nil() ||
      std::sscanf(range->str.c_str(), "%d,%d", &chunk_range.from, &chunk_range.upto) != 2) {
    (void)client_->Command({"DEL", claim});  // forgotten meanwhile, or Redis is gone
    return;
  }
  RemoteChunk chunk;
  chunk.index = index;
  chunk.taker = options_.worker_id;
  core::Result<Job> job = store_->Get(job_id);
  fs::path dir = fs::path(options_.staging_dir) /
                 (job_id + ".chunk-" + std::to_string(index) + "-" + options_.worker_id);
  std::error_code ec;
  if (job.ok() && job->request) fs::create_directories(dir, ec);
  if (!job.ok() || !job->request || ec) {
    chunk.result.error =
        render::RenderError::Of(render::ErrorKind::kInternal,
                                "worker " + options_.worker_id + " could not prepare the chunk");
    Report(job_id, chunk);
    return;
  }
  sandbox::RenderJob part{*job->request, dir.string(), job_id + "/" + std::to_string(index + 1)};
  part.request.chunk = chunk_range;
  core::LogEvent(core::LogLevel::kInfo, "render.chunk",
                 {{"job_id", job_id},
                  {"chunk", static_cast<std::int64_t>(index + 1)},
                  {"worker", options_.worker_id}});
  Watched w;
  part.cpu = &w.cpu;
  std::thread watcher([&] { Watch(*client_, job_id, index, options_, interrupt, w); });
  chunk.result = runner_->Run(
      part,
      [&](const render::Progress& p) {
        std::lock_guard lock(w.mu);
        w.latest = p;
      },
      w.cancel);
  {
    std::lock_guard lock(w.mu);
    w.ended = true;
  }
  w.ended_cv.notify_all();
  watcher.join();
  chunk.result.usage.cpu_ms = std::max(chunk.result.usage.cpu_ms, w.cpu.ms());
  if (interrupt) {
    // This worker is stopping, not the job: the coordinator renders the chunk again.
    (void)client_->Command({"DEL", claim});
  } else {
    if (w.cancel.cancelled()) {
      core::LogEvent(core::LogLevel::kInfo, "render.chunk_cancelled",
                     {{"job_id", job_id}, {"chunk", static_cast<std::int64_t>(index + 1)}});
    }
    if (chunk.result.output) Upload(job_id, chunk);
    Report(job_id, chunk);
  }
  fs::remove_all(dir, ec);
}

bool RedisChunkTaker::Upload(const std::string& job_id, RemoteChunk& chunk) {
  render::RenderOutput& out = *chunk.result.output;
  std::string key = ChunkObjectKey(job_id, chunk.index, out.extension);
  core::Status s = storage_->Put(out.path, key, storage::ContentTypeFor(out.extension));
  if (s.ok()) chunk.object_key = key;
  if (s.ok() && !out.poster_path.empty()) {
    std::string poster = ChunkObjectKey(job_id, chunk.index, "png");
    s = storage_->Put(out.poster_path, poster, "image/png");
    if (s.ok()) chunk.poster_key = poster;
  }
  if (s.ok()) return true;
  if (!chunk.object_key.empty()) (void)storage_->Delete(chunk.object_key);
  chunk.object_key.clear();
  chunk.result.output.reset();
  chunk.result.error = render::RenderError::Of(
      render::ErrorKind::kStorageError,
      "worker " + options_.worker_id + " could not store the chunk: " + s.message());
  return false;
}

void RedisChunkTaker::Report(const std::string& job_id, const RemoteChunk& chunk) {
  const std::string results = keys::ChunkResults(job_id);
  (void)client_->Command({"RPUSH", results, EncodeChunkRecord(chunk)});
  (void)client_->Command({"PEXPIRE", results, Ms(options_.ttl)});
  // The coordinator closed the job before the record came: nobody collects its objects.
  core::Result<RedisReply> open = client_->Command({"EXISTS", keys::ChunkRanges(job_id)});
  if (open.ok() && open->integer == 0) {
    for (const std::string& key : {chunk.object_key, chunk.poster_key}) {
      if (!key.empty()) (void)storage_->Delete(key);
    }
  }
}

}  // namespace manimd::jobs
