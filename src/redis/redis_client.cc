// hiredis's sync API behind a mutex. SHA-1 for EVALSHA comes from OpenSSL, already linked
// for SigV4.
#include "redis/redis_client.h"

#include <hiredis/hiredis.h>
#include <openssl/sha.h>
#include <sys/socket.h>

#include <cstdio>

namespace manimd::redis {
namespace {

timeval ToTimeval(std::chrono::milliseconds ms) {
  return timeval{static_cast<time_t>(ms.count() / 1000),
                 static_cast<suseconds_t>((ms.count() % 1000) * 1000)};
}

RedisReply Convert(const redisReply* r) {
  RedisReply out;
  switch (r->type) {
    case REDIS_REPLY_INTEGER:
      out.type = RedisReply::Type::kInteger;
      out.integer = r->integer;
      break;
    case REDIS_REPLY_STRING:
      out.type = RedisReply::Type::kString;
      out.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_STATUS:
      out.type = RedisReply::Type::kStatus;
      out.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_ARRAY:
      out.type = RedisReply::Type::kArray;
      for (size_t i = 0; i < r->elements; ++i) out.elements.push_back(Convert(r->element[i]));
      break;
    default:
      break;  // nil
  }
  return out;
}

// A reply (or its absence) as a Result: Redis's own errors are kInternal with its words.
core::Result<RedisReply> Take(redisContext* c, void* raw) {
  if (raw == nullptr) {
    return core::Unavailable(std::string("redis: ") + (c->errstr[0] ? c->errstr : "no answer"));
  }
  auto* r = static_cast<redisReply*>(raw);
  core::Result<RedisReply> out =
      r->type == REDIS_REPLY_ERROR
          ? core::Result<RedisReply>(core::Internal("redis: " + std::string(r->str, r->len)))
          : core::Result<RedisReply>(Convert(r));
  freeReplyObject(r);
  return out;
}

}  // namespace

RedisScript RedisScript::Of(std::string source) {
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(source.data()), source.size(), digest);
  char hex[2 * SHA_DIGEST_LENGTH + 1];
  for (int i = 0; i < SHA_DIGEST_LENGTH; ++i) std::snprintf(hex + 2 * i, 3, "%02x", digest[i]);
  return RedisScript{std::move(source), hex};
}

core::Result<std::unique_ptr<RedisClient>> RedisClient::Connect(const RedisAddress& address,
                                                                Timeouts timeouts) {
  std::unique_ptr<RedisClient> client(new RedisClient(address, timeouts));
  std::lock_guard lock(client->mu_);
  if (core::Status s = client->Open(); !s.ok()) return s;
  return client;
}

std::unique_ptr<RedisClient> RedisClient::Lazy(const RedisAddress& address, Timeouts timeouts) {
  return std::unique_ptr<RedisClient>(new RedisClient(address, timeouts));
}

RedisClient::~RedisClient() {
  if (context_ != nullptr) redisFree(context_);
}

core::Status RedisClient::Open() {
  if (context_ != nullptr) redisFree(context_);
  context_ =
      redisConnectWithTimeout(address_.host.c_str(), address_.port, ToTimeval(timeouts_.connect));
  if (context_ == nullptr || context_->err) {
    std::string why = context_ ? context_->errstr : "out of memory";
    if (context_ != nullptr) redisFree(context_);
    context_ = nullptr;
    return core::Unavailable("redis at " + address_.Describe() + " unreachable: " + why);
  }
  if (timeouts_.command.count() > 0) redisSetTimeout(context_, ToTimeval(timeouts_.command));
  redisEnableKeepAlive(context_);
  fd_ = context_->fd;
  std::vector<std::vector<std::string>> setup;
  if (!address_.password.empty()) {
    setup.push_back(address_.user.empty()
                        ? std::vector<std::string>{"AUTH", address_.password}
                        : std::vector<std::string>{"AUTH", address_.user, address_.password});
  }
  if (address_.db != 0) setup.push_back({"SELECT", std::to_string(address_.db)});
  for (const auto& args : setup) {
    core::Result<RedisReply> r = Send(args);
    if (!r.ok()) {
      redisFree(context_);
      context_ = nullptr;
      return core::Unavailable("redis at " + address_.Describe() + " refused " + args[0] + ": " +
                               r.status().message());
    }
  }
  return core::Status::Ok();
}

core::Result<RedisReply> RedisClient::Send(const std::vector<std::string>& args) {
  std::vector<const char*> argv;
  std::vector<size_t> lens;
  for (const std::string& a : args) {
    argv.push_back(a.data());
    lens.push_back(a.size());
  }
  void* raw = redisCommandArgv(context_, static_cast<int>(argv.size()), argv.data(), lens.data());
  core::Result<RedisReply> r = Take(context_, raw);
  if (!r.ok() && r.status().code() == core::Code::kUnavailable) {
    redisFree(context_);  // the connection is in an unknown state: drop it
    context_ = nullptr;
    fd_ = -1;
  }
  return r;
}

core::Result<RedisReply> RedisClient::Command(const std::vector<std::string>& args) {
  std::lock_guard lock(mu_);
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (context_ == nullptr) {
      if (core::Status s = Open(); !s.ok()) return s;
    }
    core::Result<RedisReply> r = Send(args);
    if (r.ok() || r.status().code() != core::Code::kUnavailable) return r;
    if (attempt == 1) return r;
  }
  return core::Unavailable("redis: unreachable");
}

core::Result<RedisReply> RedisClient::Eval(const RedisScript& script,
                                           const std::vector<std::string>& keys,
                                           const std::vector<std::string>& args) {
  std::vector<std::string> cmd = {"EVALSHA", script.sha1, std::to_string(keys.size())};
  cmd.insert(cmd.end(), keys.begin(), keys.end());
  cmd.insert(cmd.end(), args.begin(), args.end());
  core::Result<RedisReply> r = Command(cmd);
  if (!r.ok() && r.status().message().find("NOSCRIPT") != std::string::npos) {
    cmd[0] = "EVAL";
    cmd[1] = script.source;
    r = Command(cmd);
  }
  return r;
}

core::Result<RedisReply> RedisClient::ReadPushed() {
  if (context_ == nullptr) return core::Unavailable("redis: not connected");
  void* raw = nullptr;
  if (redisGetReply(context_, &raw) != REDIS_OK) {
    std::string why = context_->errstr;
    redisFree(context_);
    context_ = nullptr;
    fd_ = -1;
    return core::Unavailable("redis: " + why);
  }
  return Take(context_, raw);
}

void RedisClient::Interrupt() {
  int fd = fd_.load();
  if (fd >= 0) shutdown(fd, SHUT_RDWR);
}

}  // namespace manimd::redis
