// The subscriber thread. hiredis's sync API cannot read and write from two threads, so
// the channels are fixed at SUBSCRIBE time and per-job interest is filtered here.
#include "jobs/redis_events.h"

#include <charconv>

#include "core/log.h"
#include "jobs/redis_keys.h"

namespace manimd::jobs {

using redis::RedisReply;

RedisEvents::RedisEvents(redis::RedisAddress address, RedisJobStore* store)
    : address_(std::move(address)), store_(store) {}

RedisEvents::~RedisEvents() { Stop(); }

void RedisEvents::Start() {
  thread_ = std::thread([this] { Loop(); });
}

void RedisEvents::Stop() {
  if (stopping_.exchange(true)) return;
  {
    std::lock_guard lock(mu_);
    if (client_) client_->Interrupt();
  }
  if (thread_.joinable()) thread_.join();
}

JobWatch RedisEvents::Watch(const std::string& id, JobObserver fn) {
  int handle;
  {
    std::lock_guard lock(mu_);
    handle = next_handle_++;
    watchers_[id][handle] = std::move(fn);
  }
  return JobWatch([this, id, handle] {
    std::lock_guard lock(mu_);
    auto it = watchers_.find(id);
    if (it == watchers_.end()) return;
    it->second.erase(handle);
    if (it->second.empty()) watchers_.erase(it);
  });
}

void RedisEvents::OnCancel(std::function<void(const std::string& id)> fn) {
  std::lock_guard lock(mu_);
  on_cancel_ = std::move(fn);
}

void RedisEvents::Deliver(const std::string& id, std::uint64_t version) {
  std::vector<JobObserver> fns;
  {
    std::lock_guard lock(mu_);
    auto it = watchers_.find(id);
    if (it == watchers_.end()) return;  // nobody here watches it
    for (const auto& [handle, fn] : it->second) fns.push_back(fn);
  }
  std::uint64_t stored_version = 0;
  core::Result<Job> job = store_->Fetch(id, &stored_version);
  if (!job.ok()) return;
  // The stored version may be newer than the event's: it is what was read.
  for (const JobObserver& fn : fns) fn(*job, std::max(version, stored_version));
}

void RedisEvents::RefreshAll() {
  std::vector<std::string> ids;
  {
    std::lock_guard lock(mu_);
    for (const auto& [id, fns] : watchers_) ids.push_back(id);
  }
  for (const std::string& id : ids) Deliver(id, 0);
}

void RedisEvents::Dispatch(const RedisReply& message) {
  // ["message", channel, payload]
  if (message.elements.size() != 3 || message.elements[0].str != "message") return;
  const std::string& channel = message.elements[1].str;
  const std::string& payload = message.elements[2].str;
  if (channel == redis_keys::kCancels) {
    std::function<void(const std::string&)> fn;
    {
      std::lock_guard lock(mu_);
      fn = on_cancel_;
    }
    if (fn) fn(payload);
    return;
  }
  size_t space = payload.find(' ');
  if (space == std::string::npos) return;
  std::uint64_t version = 0;
  std::from_chars(payload.data() + space + 1, payload.data() + payload.size(), version);
  Deliver(payload.substr(0, space), version);
}

void RedisEvents::Loop() {
  auto backoff = std::chrono::milliseconds(100);
  while (!stopping_) {
    redis::RedisClient::Timeouts timeouts;
    timeouts.command = std::chrono::milliseconds(0);  // waits for messages for ever
    core::Result<std::unique_ptr<redis::RedisClient>> client =
        redis::RedisClient::Connect(address_, timeouts);
    if (client.ok()) {
      std::lock_guard lock(mu_);
      client_ = std::move(*client);
    }
    bool subscribed =
        client.ok() && !stopping_ &&
        client_->Command({"SUBSCRIBE", redis_keys::kEvents, redis_keys::kCancels}).ok();
    if (subscribed) {
      // The first SUBSCRIBE confirmation came back as the command's answer; the second
      // is the first pushed message.
      connected_ = true;
      backoff = std::chrono::milliseconds(100);
      RefreshAll();  // what happened while we were not listening
      while (!stopping_) {
        core::Result<RedisReply> message = client_->ReadPushed();
        if (!message.ok()) break;
        Dispatch(*message);
      }
      connected_ = false;
      if (!stopping_) {
        core::LogEvent(core::LogLevel::kWarn, "redis.events_lost",
                       {{"reason", std::string("the subscription broke; subscribing again")}});
      }
    }
    for (auto slept = std::chrono::milliseconds(0); !stopping_ && slept < backoff;
         slept += std::chrono::milliseconds(50)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    backoff = std::min(backoff * 2, std::chrono::milliseconds(2000));
  }
}

}  // namespace manimd::jobs
