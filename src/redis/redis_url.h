// REDIS_URL, parsed: redis://[[user]:password@]host[:port][/db]. rediss:// (TLS) is refused:
// Debian 12's hiredis 0.14 has no TLS.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace manimd::redis {

struct RedisAddress {
  std::string host = "127.0.0.1";
  int port = 6379;
  std::string user;      // Redis 6 ACL user; empty: the default user
  std::string password;  // empty: no AUTH
  int db = 0;
  std::string Describe() const;  // "redis://host:port/db", never the password
};

// InvalidArgument naming REDIS_URL and what is wrong.
core::Result<RedisAddress> ParseRedisUrl(std::string_view url);

}  // namespace manimd::redis
