// The Redis layout of jobs (redis_keys.h) and the Lua scripts that keep it consistent: a
// job's hash, the seq and status indexes and the queue change together or not at all.
// Scripts name some keys they build from a job's status; manimd uses one Redis, never a
// cluster, where that would be disallowed.
#include "jobs/redis_job_store.h"

#include <algorithm>
#include <charconv>

#include "jobs/job_codec.h"
#include "jobs/redis_keys.h"

namespace manimd::jobs {
namespace {

using redis::RedisReply;
using redis::RedisScript;

// KEYS: job hash. ARGV: id, seq, status, doc, finished_ms, enqueue ("1"), max_queue.
// -1: the id exists; -2: the queue is full; 1: stored (and queued).
const RedisScript kInsert = RedisScript::Of(R"lua(
local finals = {succeeded = true, failed = true, cancelled = true}
if redis.call('EXISTS', KEYS[1]) == 1 then return -1 end
if ARGV[6] == '1' and redis.call('SCARD', 'manimd:queued') >= tonumber(ARGV[7]) then
  return -2
end
redis.call('HSET', KEYS[1], 'doc', ARGV[4], 'seq', ARGV[2], 'status', ARGV[3], 'version', 0)
redis.call('ZADD', 'manimd:jobs', ARGV[2], ARGV[1])
redis.call('ZADD', 'manimd:jobs:status:' .. ARGV[3], ARGV[2], ARGV[1])
if finals[ARGV[3]] then redis.call('ZADD', 'manimd:jobs:finished', ARGV[5], ARGV[1]) end
if ARGV[6] == '1' then
  redis.call('SADD', 'manimd:queued', ARGV[1])
  redis.call('XADD', 'manimd:queue', '*', 'id', ARGV[1])
end
return 1
)lua");

// KEYS: job hash. ARGV: id, status, doc (empty: keep it), finished_ms, condition ("" any,
// "unfinished", or a status the job must be in), progress (empty: keep), announce ("1").
// -1: no such job; -2: the condition failed; else the job's version (counted up when
// announced).
const RedisScript kWrite = RedisScript::Of(R"lua(
local finals = {succeeded = true, failed = true, cancelled = true}
local now = redis.call('HGET', KEYS[1], 'status')
if not now then return -1 end
local condition = ARGV[5]
if condition == 'unfinished' and finals[now] then return -2 end
if condition ~= '' and condition ~= 'unfinished' and condition ~= now then return -2 end
if ARGV[3] ~= '' then
  local seq = redis.call('HGET', KEYS[1], 'seq')
  redis.call('HSET', KEYS[1], 'doc', ARGV[3], 'status', ARGV[2])
  if now ~= ARGV[2] then
    redis.call('ZREM', 'manimd:jobs:status:' .. now, ARGV[1])
    redis.call('ZADD', 'manimd:jobs:status:' .. ARGV[2], seq, ARGV[1])
  end
  if finals[ARGV[2]] then
    redis.call('ZADD', 'manimd:jobs:finished', ARGV[4], ARGV[1])
  else
    redis.call('ZREM', 'manimd:jobs:finished', ARGV[1])
  end
  if ARGV[2] ~= 'queued' then redis.call('SREM', 'manimd:queued', ARGV[1]) end
end
if ARGV[6] ~= '' then redis.call('HSET', KEYS[1], 'progress', ARGV[6]) end
if ARGV[7] == '1' then
  local v = redis.call('HINCRBY', KEYS[1], 'version', 1)
  redis.call('PUBLISH', 'manimd:events', ARGV[1] .. ' ' .. v)
  return v
end
return tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
)lua");

// KEYS: ids (whatever the count). Returns, per id, {doc, seq, progress, version} or nil.
const RedisScript kFetch = RedisScript::Of(R"lua(
local out = {}
for i, id in ipairs(ARGV) do
  out[i] = redis.call('HMGET', 'manimd:job:' .. id, 'doc', 'seq', 'progress', 'version')
end
return out
)lua");

// KEYS: job hash. ARGV: id. Removes the job from every index.
const RedisScript kDelete = RedisScript::Of(R"lua(
local now = redis.call('HGET', KEYS[1], 'status')
if now then redis.call('ZREM', 'manimd:jobs:status:' .. now, ARGV[1]) end
redis.call('ZREM', 'manimd:jobs', ARGV[1])
redis.call('ZREM', 'manimd:jobs:finished', ARGV[1])
redis.call('SREM', 'manimd:queued', ARGV[1])
redis.call('DEL', KEYS[1])
return 1
)lua");

std::uint64_t Number(const RedisReply& r) {
  std::uint64_t n = 0;
  if (r.type == RedisReply::Type::kString)
    std::from_chars(r.str.data(), r.str.data() + r.str.size(), n);
  return n;
}

// One element of kFetch's answer as a job; nullopt for a missing one.
core::Result<std::optional<Job>> DecodeFetched(const RedisReply& row, std::uint64_t* version) {
  if (row.elements.size() != 4 || row.elements[0].nil()) return std::optional<Job>();
  core::Result<Job> job = DecodeJob(row.elements[0].str);
  if (!job.ok()) return job.status().WithContext("a job stored in redis");
  job->seq = static_cast<std::int64_t>(Number(row.elements[1]));
  if (!row.elements[2].nil()) job->progress = DecodeProgress(row.elements[2].str);
  if (version != nullptr) *version = Number(row.elements[3]);
  return std::optional<Job>(std::move(*job));
}

// The ids of a ZSET range reply.
std::vector<std::string> Ids(const RedisReply& r) {
  std::vector<std::string> ids;
  for (const RedisReply& e : r.elements) ids.push_back(e.str);
  return ids;
}

}  // namespace

core::Status RedisJobStore::Insert(Job* job) { return Submit(job, -1); }

core::Status RedisJobStore::Submit(Job* job, int max_queue) {
  core::Result<RedisReply> seq = client_->Command({"INCR", redis_keys::kSeq});
  if (!seq.ok()) return seq.status();
  job->seq = seq->integer;
  bool enqueue = max_queue >= 0;
  core::Result<RedisReply> r = client_->Eval(
      kInsert, {redis_keys::Job(job->id)},
      {job->id, std::to_string(job->seq), JobStatusName(job->status), EncodeJob(*job),
       std::to_string(job->finished_ms), enqueue ? "1" : "0", std::to_string(max_queue)});
  if (!r.ok()) return r.status();
  if (r->integer == -1) return {core::Code::kConflict, "job " + job->id + " exists"};
  if (r->integer == -2) {
    return core::Unavailable("the render queue is full (MAX_QUEUE=" + std::to_string(max_queue) +
                             " jobs waiting across the cluster)");
  }
  return core::Status::Ok();
}

core::Status RedisJobStore::Write(const Job& job, const std::string& condition) {
  core::Result<RedisReply> r = client_->Eval(kWrite, {redis_keys::Job(job.id)},
                                             {job.id, JobStatusName(job.status), EncodeJob(job),
                                              std::to_string(job.finished_ms), condition, "", "1"});
  if (!r.ok()) return r.status();
  if (r->integer == -1) return core::NotFound("no job " + job.id);
  if (r->integer == -2) {
    return {core::Code::kConflict, "job " + job.id + " changed meanwhile (" + condition + ")"};
  }
  return core::Status::Ok();
}

core::Status RedisJobStore::Update(const Job& job) { return Write(job, ""); }

core::Status RedisJobStore::UpdateUnlessFinal(const Job& job) { return Write(job, "unfinished"); }

core::Status RedisJobStore::CancelIfQueued(const Job& cancelled) {
  return Write(cancelled, JobStatusName(JobStatus::kQueued));
}

core::Result<std::uint64_t> RedisJobStore::Change(const Job& job, bool write_doc) {
  core::Result<RedisReply> r = client_->Eval(
      kWrite, {redis_keys::Job(job.id)},
      {job.id, JobStatusName(job.status), write_doc ? EncodeJob(job) : "",
       std::to_string(job.finished_ms), "unfinished", EncodeProgress(job.progress), "1"});
  if (!r.ok()) return r.status();
  if (r->integer == -1) return core::NotFound("no job " + job.id);
  if (r->integer == -2) return core::Status(core::Code::kConflict, "job " + job.id + " is final");
  return static_cast<std::uint64_t>(r->integer);
}

core::Result<std::vector<Job>> RedisJobStore::FetchAll(const std::vector<std::string>& ids) {
  std::vector<Job> jobs;
  if (ids.empty()) return jobs;
  core::Result<RedisReply> r = client_->Eval(kFetch, {}, ids);
  if (!r.ok()) return r.status();
  for (const RedisReply& row : r->elements) {
    core::Result<std::optional<Job>> job = DecodeFetched(row, nullptr);
    if (!job.ok()) return job.status();
    if (*job) jobs.push_back(std::move(**job));  // deleted between index and fetch
  }
  return jobs;
}

core::Result<Job> RedisJobStore::Fetch(const std::string& id, std::uint64_t* version) {
  core::Result<RedisReply> r = client_->Eval(kFetch, {}, {id});
  if (!r.ok()) return r.status();
  if (r->elements.empty()) return core::NotFound("no job " + id);
  core::Result<std::optional<Job>> job = DecodeFetched(r->elements[0], version);
  if (!job.ok()) return job.status();
  if (!*job) return core::NotFound("no job " + id);
  return std::move(**job);
}

core::Result<Job> RedisJobStore::Get(const std::string& id) {
  core::Result<Job> job = Fetch(id, nullptr);
  if (job.ok()) job->progress = render::Progress();  // as every JobStore: progress is live
  return job;
}

core::Result<std::vector<Job>> RedisJobStore::List(const JobFilter& filter) {
  std::string key = filter.status ? redis_keys::ByStatus(*filter.status) : redis_keys::kBySeq;
  std::string max = filter.before_seq > 0 ? "(" + std::to_string(filter.before_seq) : "+inf";
  core::Result<RedisReply> r = client_->Command(
      {"ZREVRANGEBYSCORE", key, max, "-inf", "LIMIT", "0", std::to_string(filter.limit)});
  if (!r.ok()) return r.status();
  return FetchAll(Ids(*r));
}

core::Result<std::vector<Job>> RedisJobStore::Unfinished() {
  std::vector<Job> all;
  for (JobStatus s : {JobStatus::kQueued, JobStatus::kRunning, JobStatus::kUploading}) {
    core::Result<RedisReply> r = client_->Command({"ZRANGE", redis_keys::ByStatus(s), "0", "-1"});
    if (!r.ok()) return r.status();
    core::Result<std::vector<Job>> jobs = FetchAll(Ids(*r));
    if (!jobs.ok()) return jobs.status();
    all.insert(all.end(), jobs->begin(), jobs->end());
  }
  std::sort(all.begin(), all.end(), [](const Job& a, const Job& b) { return a.seq < b.seq; });
  return all;
}

core::Result<std::vector<Job>> RedisJobStore::Expired(std::int64_t finished_before_ms, int limit) {
  // "(0": a job whose finishing time is unknown (0) never expires, as in the other stores.
  core::Result<RedisReply> r = client_->Command({"ZRANGEBYSCORE", redis_keys::kFinished, "(0",
                                                 "(" + std::to_string(finished_before_ms), "LIMIT",
                                                 "0", std::to_string(limit)});
  if (!r.ok()) return r.status();
  return FetchAll(Ids(*r));
}

core::Status RedisJobStore::Delete(const std::string& id) {
  core::Result<RedisReply> r = client_->Eval(kDelete, {redis_keys::Job(id)}, {id});
  return r.ok() ? core::Status::Ok() : r.status();
}

core::Status RedisJobStore::RequestCancel(const std::string& id) {
  core::Result<RedisReply> flag = client_->Command({"HSET", redis_keys::Job(id), "cancel", "1"});
  if (!flag.ok()) return flag.status();
  core::Result<RedisReply> sent = client_->Command({"PUBLISH", redis_keys::kCancels, id});
  return sent.ok() ? core::Status::Ok() : sent.status();
}

core::Result<bool> RedisJobStore::CancelRequested(const std::string& id) {
  core::Result<RedisReply> r = client_->Command({"HGET", redis_keys::Job(id), "cancel"});
  if (!r.ok()) return r.status();
  return !r->nil() && r->str == "1";
}

core::Result<int> RedisJobStore::QueuedCount() {
  core::Result<RedisReply> r = client_->Command({"SCARD", redis_keys::kQueued});
  if (!r.ok()) return r.status();
  return static_cast<int>(r->integer);
}

}  // namespace manimd::jobs
