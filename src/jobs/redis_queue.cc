// Stream commands of Redis 6.2+ (XAUTOCLAIM); Debian 12 ships 7.0.
#include "jobs/redis_queue.h"

#include "jobs/redis_keys.h"

namespace manimd::jobs {
namespace {

using redis::RedisReply;

// KEYS: stream. ARGV: group, entry id, job id. Atomic: the job is never in neither entry.
const redis::RedisScript kPutBack = redis::RedisScript::Of(R"lua(
redis.call('XADD', KEYS[1], '*', 'id', ARGV[3])
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
redis.call('XDEL', KEYS[1], ARGV[2])
return 1
)lua");

// The job id of one stream entry [id, [field, value, ...]].
std::optional<QueueEntry> EntryOf(const RedisReply& entry) {
  if (entry.elements.size() != 2) return std::nullopt;
  const RedisReply& fields = entry.elements[1];
  for (size_t i = 0; i + 1 < fields.elements.size(); i += 2) {
    if (fields.elements[i].str == "id") {
      return QueueEntry{entry.elements[0].str, fields.elements[i + 1].str, 1};
    }
  }
  return std::nullopt;
}

}  // namespace

core::Status RedisQueue::EnsureGroup() {
  core::Result<RedisReply> r = client_->Command(
      {"XGROUP", "CREATE", redis_keys::kStream, redis_keys::kGroup, "0", "MKSTREAM"});
  if (!r.ok() && r.status().message().find("BUSYGROUP") == std::string::npos) return r.status();
  return core::Status::Ok();
}

core::Result<std::optional<QueueEntry>> RedisQueue::Read(std::chrono::milliseconds block) {
  core::Result<RedisReply> r =
      client_->Command({"XREADGROUP", "GROUP", redis_keys::kGroup, consumer_, "COUNT", "1", "BLOCK",
                        std::to_string(block.count()), "STREAMS", redis_keys::kStream, ">"});
  if (!r.ok()) {
    // The group is gone (FLUSHALL, a fresh Redis without AOF): make it again next time.
    if (r.status().message().find("NOGROUP") != std::string::npos) (void)EnsureGroup();
    return r.status();
  }
  // [[stream, [[id, fields]]]] or nil when the block timed out.
  if (r->nil() || r->elements.empty() || r->elements[0].elements.size() < 2) {
    return std::optional<QueueEntry>();
  }
  const RedisReply& entries = r->elements[0].elements[1];
  if (entries.elements.empty()) return std::optional<QueueEntry>();
  return EntryOf(entries.elements[0]);
}

core::Result<std::optional<QueueEntry>> RedisQueue::Reclaim(std::chrono::milliseconds min_idle) {
  core::Result<RedisReply> r =
      client_->Command({"XAUTOCLAIM", redis_keys::kStream, redis_keys::kGroup, consumer_,
                        std::to_string(min_idle.count()), "0-0", "COUNT", "1"});
  if (!r.ok()) return r.status();
  // [next cursor, [[id, fields]...], [deleted ids]]
  if (r->elements.size() < 2 || r->elements[1].elements.empty()) {
    return std::optional<QueueEntry>();
  }
  std::optional<QueueEntry> entry = EntryOf(r->elements[1].elements[0]);
  if (!entry) return entry;
  // XAUTOCLAIM counted this delivery; XPENDING says how many there were in all.
  core::Result<RedisReply> pending = client_->Command(
      {"XPENDING", redis_keys::kStream, redis_keys::kGroup, entry->entry_id, entry->entry_id, "1"});
  if (pending.ok() && !pending->elements.empty() && pending->elements[0].elements.size() >= 4) {
    entry->deliveries = static_cast<int>(pending->elements[0].elements[3].integer);
  }
  return entry;
}

core::Status RedisQueue::Touch(const std::vector<std::string>& entry_ids) {
  if (entry_ids.empty()) return core::Status::Ok();
  std::vector<std::string> cmd = {"XCLAIM", redis_keys::kStream, redis_keys::kGroup, consumer_,
                                  "0"};
  cmd.insert(cmd.end(), entry_ids.begin(), entry_ids.end());
  cmd.push_back("JUSTID");  // resets the idle time, not the delivery count
  core::Result<RedisReply> r = client_->Command(cmd);
  return r.ok() ? core::Status::Ok() : r.status();
}

core::Status RedisQueue::Ack(const std::string& entry_id) {
  core::Result<RedisReply> ack =
      client_->Command({"XACK", redis_keys::kStream, redis_keys::kGroup, entry_id});
  if (!ack.ok()) return ack.status();
  core::Result<RedisReply> del = client_->Command({"XDEL", redis_keys::kStream, entry_id});
  return del.ok() ? core::Status::Ok() : del.status();
}

core::Status RedisQueue::PutBack(const QueueEntry& entry) {
  core::Result<RedisReply> r = client_->Eval(kPutBack, {redis_keys::kStream},
                                             {redis_keys::kGroup, entry.entry_id, entry.job_id});
  return r.ok() ? core::Status::Ok() : r.status();
}

}  // namespace manimd::jobs
