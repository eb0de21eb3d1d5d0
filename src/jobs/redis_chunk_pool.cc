// Redis side of split renders across workers. Every key of a job's chunks expires after
// the pool's ttl even if its coordinator dies; Close deletes them sooner.
#include "jobs/redis_chunk_pool.h"

#include <boost/json.hpp>
#include <filesystem>

#include "core/log.h"
#include "jobs/chunk_record.h"
#include "jobs/job_codec.h"
#include "jobs/redis_keys.h"
#include "storage/object_key.h"

namespace manimd::jobs {
namespace {

namespace keys = redis_keys;
using redis::RedisReply;
using redis::RedisScript;

// KEYS[1]: the job's list of chunks to take; KEYS[2]: its claim prefix. ARGV: taker, lease ms.
const RedisScript kTake = RedisScript::Of(R"lua(
local i = redis.call('LPOP', KEYS[1])
if not i then return false end
redis.call('SET', KEYS[2] .. i, ARGV[1], 'PX', ARGV[2])
return i
)lua");

constexpr size_t kMostResultsPerPoll = 100;

std::string Ms(std::chrono::milliseconds d) { return std::to_string(d.count()); }

std::int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::int64_t IntField(const boost::json::object& o, const char* name) {
  const boost::json::value* v = o.if_contains(name);
  return v && v->is_int64() ? v->get_int64() : 0;
}

}  // namespace

core::Result<std::optional<size_t>> TakeChunk(redis::RedisClient& client, const std::string& job_id,
                                              const std::string& taker,
                                              std::chrono::milliseconds lease) {
  core::Result<RedisReply> r = client.Eval(
      kTake, {keys::ChunksToTake(job_id), keys::ChunkClaimPrefix(job_id)}, {taker, Ms(lease)});
  if (!r.ok()) return r.status();
  if (r->nil() || r->type != RedisReply::Type::kString) return std::optional<size_t>();
  size_t index = 0;
  try {
    index = std::stoul(r->str);
  } catch (...) {  // not ours: nothing to render
    return std::optional<size_t>();
  }
  return std::optional<size_t>(index);
}

std::string ChunkObjectKey(const std::string& job_id, size_t index, const std::string& ext) {
  return "chunks/" + job_id + "/" + std::to_string(index) + "." + ext;
}

RedisChunkPool::RedisChunkPool(RedisChunkPoolOptions options, storage::Storage* storage)
    : options_(std::move(options)),
      storage_(storage),
      client_(redis::RedisClient::Lazy(options_.address, {})) {}

int RedisChunkPool::IdleSlotsElsewhere() {
  core::Result<RedisReply> all = client_->Command({"HGETALL", keys::kWorkers});
  if (!all.ok()) return 0;
  std::int64_t now = NowMs(), idle = 0;
  for (size_t i = 0; i + 1 < all->elements.size(); i += 2) {
    if (all->elements[i].str == options_.worker_id) continue;
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(all->elements[i + 1].str, ec);
    if (ec || !v.is_object()) continue;
    const boost::json::object& w = v.get_object();
    if (now - IntField(w, "heartbeatMs") > IntField(w, "leaseMs")) continue;  // stale
    idle += std::clamp<std::int64_t>(IntField(w, "slots") - IntField(w, "busy"), 0, 1024);
  }
  return static_cast<int>(std::min<std::int64_t>(idle, 1024));
}

core::Status RedisChunkPool::Open(const std::string& job_id,
                                  const std::vector<render::AnimationRange>& chunks) {
  const std::string todo = keys::ChunksToTake(job_id), ranges = keys::ChunkRanges(job_id);
  std::vector<std::string> hset = {"HSET", ranges};
  std::vector<std::string> push = {"RPUSH", todo};
  for (size_t i = 0; i < chunks.size(); ++i) {
    hset.push_back(std::to_string(i));
    hset.push_back(std::to_string(chunks[i].from) + "," + std::to_string(chunks[i].upto));
    push.push_back(std::to_string(i));
  }
  // The ranges first: a taker that pops an index finds its range.
  for (const std::vector<std::string>& command :
       {std::vector<std::string>{"DEL", todo, ranges, keys::ChunkState(job_id),
                                 keys::ChunkResults(job_id), keys::ChunkStop(job_id)},
        hset,
        {"PEXPIRE", ranges, Ms(options_.ttl)},
        push,
        {"PEXPIRE", todo, Ms(options_.ttl)},
        {"SADD", keys::kChunksOpen, job_id}}) {
    core::Result<RedisReply> r = client_->Command(command);
    if (!r.ok()) return r.status().WithContext("offering the chunks of job " + job_id);
  }
  return core::Status::Ok();
}

core::Result<std::optional<size_t>> RedisChunkPool::TakeOwn(const std::string& job_id) {
  return TakeChunk(*client_, job_id, options_.worker_id, options_.lease);
}

core::Result<std::vector<RemoteChunk>> RedisChunkPool::Drain(const std::string& job_id,
                                                             size_t count) {
  core::Result<RedisReply> r =
      client_->Command({"LPOP", keys::ChunkResults(job_id), std::to_string(kMostResultsPerPoll)});
  if (!r.ok()) return r.status();
  std::vector<RemoteChunk> out;
  for (const RedisReply& e : r->elements) {
    core::Result<RemoteChunk> c = DecodeChunkRecord(e.str);
    // Objects are the job's own temporary ones, never another key (such as a video).
    bool ours = c.ok() && c->index < count &&
                (c->object_key.empty() ||
                 c->object_key == ChunkObjectKey(job_id, c->index, c->result.output->extension)) &&
                (c->poster_key.empty() || c->poster_key == ChunkObjectKey(job_id, c->index, "png"));
    if (!ours) {
      core::LogEvent(core::LogLevel::kWarn, "render.chunk_record_invalid",
                     {{"job_id", job_id},
                      {"why", c.ok() ? std::string("not this job's") : c.status().message()}});
      continue;
    }
    out.push_back(std::move(*c));
  }
  return out;
}

core::Result<ChunkPoll> RedisChunkPool::Poll(const std::string& job_id, size_t count) {
  ChunkPoll poll;
  poll.alive.assign(count, false);
  // The list, then the claims, then the results: a chunk popped in between is claimed by
  // then, and a claim that has expired expired after its taker's result was pushed.
  core::Result<RedisReply> todo =
      client_->Command({"LRANGE", keys::ChunksToTake(job_id), "0", "-1"});
  if (!todo.ok()) return todo.status();
  for (const RedisReply& e : todo->elements) {
    size_t i = static_cast<size_t>(std::atoll(e.str.c_str()));
    if (i < count) poll.alive[i] = true;
  }
  std::vector<std::string> mget = {"MGET"};
  for (size_t i = 0; i < count; ++i)
    mget.push_back(keys::ChunkClaimPrefix(job_id) + std::to_string(i));
  core::Result<RedisReply> claims = client_->Command(mget);
  if (!claims.ok()) return claims.status();
  for (size_t i = 0; i < count && i < claims->elements.size(); ++i) {
    if (!claims->elements[i].nil()) poll.alive[i] = true;
  }
  core::Result<std::vector<RemoteChunk>> finished = Drain(job_id, count);
  if (!finished.ok()) return finished.status();
  poll.finished = std::move(*finished);
  core::Result<RedisReply> state = client_->Command({"HGETALL", keys::ChunkState(job_id)});
  if (!state.ok()) return state.status();
  for (size_t i = 0; i + 1 < state->elements.size(); i += 2) {
    const std::string& field = state->elements[i].str;
    const std::string& value = state->elements[i + 1].str;
    size_t index = static_cast<size_t>(std::atoll(field.c_str()));
    if (index >= count) continue;
    if (field.ends_with(".cpu")) {
      poll.cpu_ms[index] = std::atoll(value.c_str());
    } else {
      poll.progress[index] = DecodeProgress(value);
    }
  }
  return poll;
}

core::Status RedisChunkPool::Fetch(RemoteChunk& chunk, const std::string& dir) {
  render::RenderOutput& out = *chunk.result.output;
  std::string path = dir + "/" + out.scene + "." + out.extension;
  core::Status s = storage_->Get(chunk.object_key, path);
  if (s.ok() && !chunk.poster_key.empty()) {
    std::string poster = dir + "/poster.png";
    s = storage_->Get(chunk.poster_key, poster);
    if (s.ok()) out.poster_path = poster;
  }
  if (s.ok()) out.path = path;
  Discard(chunk);
  return s;
}

void RedisChunkPool::Discard(const RemoteChunk& chunk) {
  for (const std::string& key : {chunk.object_key, chunk.poster_key}) {
    if (!key.empty()) (void)storage_->Delete(key);
  }
}

void RedisChunkPool::Stop(const std::string& job_id) {
  (void)client_->Command({"SET", keys::ChunkStop(job_id), "1", "PX", Ms(options_.ttl)});
  (void)client_->Command({"DEL", keys::ChunksToTake(job_id)});
}

void RedisChunkPool::Close(const std::string& job_id, size_t count) {
  (void)client_->Command({"SREM", keys::kChunksOpen, job_id});
  std::vector<std::string> del = {"DEL", keys::ChunksToTake(job_id), keys::ChunkRanges(job_id),
                                  keys::ChunkState(job_id), keys::ChunkStop(job_id)};
  for (size_t i = 0; i < count; ++i)
    del.push_back(keys::ChunkClaimPrefix(job_id) + std::to_string(i));
  (void)client_->Command(del);
  // Results nobody collected (a duplicate, or one that came after the end): their objects.
  core::Result<std::vector<RemoteChunk>> left = Drain(job_id, count);
  if (left.ok()) {
    for (const RemoteChunk& c : *left) Discard(c);
  }
  (void)client_->Command({"DEL", keys::ChunkResults(job_id)});
}

}  // namespace manimd::jobs
