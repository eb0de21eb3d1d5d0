// RedisClient: one connection to Redis over hiredis (Debian's libhiredis 0.14, the sync
// API), with connect and command timeouts so that an outage is an error at once, never a
// hang. Replies are copied into RedisReply and the hiredis object freed.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/status.h"
#include "redis/redis_url.h"

struct redisContext;

namespace manimd::redis {

struct RedisReply {
  enum class Type { kNil, kInteger, kString, kStatus, kArray };
  Type type = Type::kNil;
  long long integer = 0;
  std::string str;  // kString, kStatus
  std::vector<RedisReply> elements;

  bool nil() const { return type == Type::kNil; }
};

// A Lua script sent by EVALSHA, and by EVAL the first time a server lacks it.
struct RedisScript {
  std::string source;
  std::string sha1;  // of source, filled by RedisScript::Of
  static RedisScript Of(std::string source);
};

class RedisClient {
 public:
  struct Timeouts {
    std::chrono::milliseconds connect{2000};
    // Must exceed any BLOCK a caller asks for; 0: none (a connection that only waits for
    // pushed messages, ended by Interrupt()).
    std::chrono::milliseconds command{5000};
  };

  // Connects (and AUTHs, SELECTs). Unavailable with the reason when Redis cannot be had.
  static core::Result<std::unique_ptr<RedisClient>> Connect(const RedisAddress& address,
                                                            Timeouts timeouts);
  // Connects on first use, and again after a failure: a server that starts while Redis
  // is down works once it is back (each command until then fails fast, kUnavailable).
  static std::unique_ptr<RedisClient> Lazy(const RedisAddress& address, Timeouts timeouts);
  ~RedisClient();

  // Runs one command. A lost connection is made again once before giving up. Errors:
  // kUnavailable (no connection, timeout), kInternal (Redis answered with an error; the
  // message is Redis's). Thread-safe: commands are serialized on the connection.
  core::Result<RedisReply> Command(const std::vector<std::string>& args);
  core::Result<RedisReply> Eval(const RedisScript& script, const std::vector<std::string>& keys,
                                const std::vector<std::string>& args);

  // For a connection that only waits for pushed messages (SUBSCRIBE): blocks for the next
  // one. kUnavailable when the connection broke or Interrupt() was called. Call from one
  // thread, which also sends the SUBSCRIBE with Command.
  core::Result<RedisReply> ReadPushed();
  // Unblocks ReadPushed from another thread (shuts the socket down). Idempotent.
  void Interrupt();

 private:
  RedisClient(RedisAddress address, Timeouts timeouts) : address_(address), timeouts_(timeouts) {}
  core::Status Open();
  core::Result<RedisReply> Send(const std::vector<std::string>& args);

  const RedisAddress address_;
  const Timeouts timeouts_;
  std::mutex mu_;
  redisContext* context_ = nullptr;  // guarded by mu_; null when disconnected
  std::atomic<int> fd_{-1};          // context_'s socket, for Interrupt()
};

}  // namespace manimd::redis
