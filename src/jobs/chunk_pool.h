// ChunkPool: where a split render offers its chunks to the idle render slots of other
// machines, and collects what they rendered (docs/split.md, "How a chunk is rendered").
// RedisChunkPool in a cluster; a single node has none and renders every chunk itself.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "render/progress.h"
#include "render/render_request.h"
#include "render/render_result.h"

namespace manimd::jobs {

// A chunk another worker finished (or failed). Until Fetch, the output's files are the
// temporary objects `object_key` and `poster_key` in storage, not local paths.
struct RemoteChunk {
  size_t index = 0;
  std::string taker;            // the worker that rendered it
  render::RenderResult result;  // output->path and poster_path: empty until fetched
  std::string object_key;       // empty when the chunk failed
  std::string poster_key;       // empty when there is no poster
};

// What the coordinator learns in one look at its job's chunks.
struct ChunkPoll {
  std::vector<RemoteChunk> finished;            // in the order they were reported
  std::map<size_t, render::Progress> progress;  // chunks rendering elsewhere: their own progress
  std::map<size_t, std::int64_t> cpu_ms;        // and their CPU so far
  std::vector<bool> alive;  // per chunk: still to take, or claimed by a taker whose lease holds
};

class ChunkPool {
 public:
  virtual ~ChunkPool() = default;

  // Render slots free on other workers now (from their heartbeats); 0 when unknown.
  virtual int IdleSlotsElsewhere() = 0;
  // How long a taker that stopped refreshing its claim is still believed alive.
  virtual std::chrono::milliseconds lease() const = 0;

  // Offers `chunks` of job `job_id` to takers (and to TakeOwn).
  virtual core::Status Open(const std::string& job_id,
                            const std::vector<render::AnimationRange>& chunks) = 0;
  // The coordinator's own slots take the next chunk still to take; nullopt when none is left.
  virtual core::Result<std::optional<size_t>> TakeOwn(const std::string& job_id) = 0;
  // Results, progress and liveness of the `count` chunks of the job.
  virtual core::Result<ChunkPoll> Poll(const std::string& job_id, size_t count) = 0;
  // Copies a finished chunk's objects into `dir` (its output and poster paths are set),
  // then deletes the objects.
  virtual core::Status Fetch(RemoteChunk& chunk, const std::string& dir) = 0;
  // Deletes a finished chunk's objects without fetching them (a result not needed).
  virtual void Discard(const RemoteChunk& chunk) = 0;
  // No more chunks are taken; takers rendering one of the job's cancel it.
  virtual void Stop(const std::string& job_id) = 0;
  // Forgets the job's chunks: every key, and the objects of results never collected.
  virtual void Close(const std::string& job_id, size_t count) = 0;
};

}  // namespace manimd::jobs
