// One redis-server and one connection for a test binary, made on first use and stopped at
// its exit (the connection first, then the server, by member order). Used by the store
// conformance suites that run against Redis.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "redis/redis_client.h"
#include "redis/redis_url.h"
#include "redis_server.h"

namespace manimd::testing_support {

struct SharedRedis {
  RedisServer server;
  std::unique_ptr<redis::RedisClient> client;

  SharedRedis() {
    core::Result<redis::RedisAddress> address = redis::ParseRedisUrl(server.url());
    if (address.ok()) client = redis::RedisClient::Lazy(*address, {});
  }
  static SharedRedis& Get() {
    static SharedRedis shared;
    return shared;
  }
  // The connection to an emptied server; null when there is no server.
  static redis::RedisClient* Fresh() {
    SharedRedis& redis = Get();
    EXPECT_FALSE(redis.server.url().empty()) << redis.server.log();
    if (redis.client == nullptr) return nullptr;
    EXPECT_EQ(redis.server.Command({"FLUSHALL"}), "+OK");
    return redis.client.get();
  }
};

}  // namespace manimd::testing_support
