// The KeyStore conformance suite (tests/key_store_conformance.h) against RedisKeyStore on
// a real redis-server, emptied for each test; each handle has its own connection, as
// `manimd keys` and a running server do.
#include "jobs/redis_key_store.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "key_store_conformance.h"
#include "redis/redis_client.h"
#include "redis/redis_url.h"
#include "redis_server.h"

namespace manimd::jobs {
namespace {

using testing_support::RedisServer;

RedisServer& SharedServer() {
  static RedisServer server;
  return server;
}

// A RedisKeyStore that owns its connection.
class OwnConnectionKeyStore : public auth::KeyStore {
 public:
  explicit OwnConnectionKeyStore(std::unique_ptr<redis::RedisClient> client)
      : client_(std::move(client)), store_(client_.get()) {}
  core::Status Create(const auth::ApiKey& key) override { return store_.Create(key); }
  core::Result<auth::ApiKey> Get(const std::string& id) override { return store_.Get(id); }
  core::Result<std::vector<auth::ApiKey>> List() override { return store_.List(); }
  core::Status Revoke(const std::string& id, std::int64_t now_ms) override {
    return store_.Revoke(id, now_ms);
  }
  core::Result<bool> AnyActive() override { return store_.AnyActive(); }

 private:
  std::unique_ptr<redis::RedisClient> client_;
  RedisKeyStore store_;
};

struct RedisKeyFactory {
  static std::unique_ptr<auth::KeyStore> Open(const std::string&, bool fresh) {
    RedisServer& server = SharedServer();
    EXPECT_FALSE(server.url().empty()) << server.log();
    core::Result<redis::RedisAddress> address = redis::ParseRedisUrl(server.url());
    if (!address.ok()) return nullptr;
    if (fresh) {
      EXPECT_EQ(server.Command({"FLUSHALL"}), "+OK");
    }
    auto client = redis::RedisClient::Connect(*address, {});
    EXPECT_TRUE(client.ok()) << client.status().ToString();
    if (!client.ok()) return nullptr;
    return std::make_unique<OwnConnectionKeyStore>(std::move(*client));
  }
};

TEST(RedisKeyStoreTest, KeepsOnlyTheHashOfTheSecret) {
  std::unique_ptr<auth::KeyStore> store = RedisKeyFactory::Open("", true);
  ASSERT_NE(store, nullptr);
  core::Result<auth::NewKey> made = auth::MakeKey(auth::ApiKey{}, 1);
  ASSERT_TRUE(made.ok());
  ASSERT_TRUE(store->Create(made->key).ok());
  auto raw = redis::RedisClient::Connect(*redis::ParseRedisUrl(SharedServer().url()), {});
  ASSERT_TRUE(raw.ok());
  core::Result<redis::RedisReply> fields =
      (*raw)->Command({"HGETALL", "manimd:apikey:" + made->key.id});
  ASSERT_TRUE(fields.ok());
  ASSERT_FALSE(fields->elements.empty());
  std::string random_part = made->secret.substr(4 + made->key.id.size() + 1);  // mdk_<id>_
  for (const redis::RedisReply& e : fields->elements) {
    EXPECT_EQ(e.str.find(random_part), std::string::npos) << e.str;
  }
  EXPECT_TRUE(auth::SecretMatches(made->secret, store->Get(made->key.id)->hash));
}

}  // namespace
}  // namespace manimd::jobs

namespace manimd::auth::conformance {
using RedisKeyStores = ::testing::Types<jobs::RedisKeyFactory>;
INSTANTIATE_TYPED_TEST_SUITE_P(Redis, KeyStoreConformance, RedisKeyStores);
}  // namespace manimd::auth::conformance
