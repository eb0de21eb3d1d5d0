// A cluster for a test: a real redis-server and S3 server (moto), and `manimd serve` API
// nodes and `manimd worker`s started on them with the settings every node needs (one
// render slot each, a short lease so a dead worker's job is taken over quickly).
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>

#include "moto_server.h"
#include "redis_server.h"
#include "serve_process.h"

namespace manimd::testing_support {

class ClusterFixture : public ::testing::Test {
 protected:
  using Vars = std::map<std::string, std::string>;

  void SetUp() override {
    ASSERT_FALSE(redis_.url().empty()) << redis_.log();
    ASSERT_FALSE(moto_.endpoint().empty()) << moto_.log();
  }
  // The variables of a node: the shared Redis and bucket, then `extra` on top.
  Vars Node(const Vars& extra = {}) const {
    Vars vars = {
        {"REDIS_URL", redis_.url()},
        {"S3_BUCKET_NAME", moto_.bucket()},
        {"S3_ENDPOINT", moto_.endpoint()},
        {"AWS_ACCESS_KEY_ID", moto_.access_key_id()},
        {"AWS_SECRET_ACCESS_KEY", moto_.secret_access_key()},
        {"WORKER_LEASE_S", "3"},
        {"MAX_CONCURRENT_RENDERS", "1"},
    };
    for (const auto& [k, v] : extra) vars[k] = v;
    return vars;
  }
  // An API node that does not render (SERVE_RENDERS=off unless `extra` says otherwise).
  std::unique_ptr<ServeProcess> Api(Vars extra = {}) {
    extra.emplace("SERVE_RENDERS", "off");
    auto api = std::make_unique<ServeProcess>(env_, Node(extra));
    EXPECT_GT(api->port(), 0) << api->Log();
    return api;
  }
  std::unique_ptr<ServeProcess> Worker(const Vars& extra = {}) {
    auto worker = ServeProcess::Worker(env_, Node(extra));
    EXPECT_TRUE(worker->started()) << worker->Log();
    return worker;
  }

  TestEnv env_;
  RedisServer redis_;
  MotoServer moto_;
};

}  // namespace manimd::testing_support
