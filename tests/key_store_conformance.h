// The auth::KeyStore conformance suite: what every implementation promises (key_store.h),
// as typed tests parameterized by a factory with `static std::unique_ptr<auth::KeyStore>
// Open(const std::string& scratch_dir, bool fresh)`: `fresh` empties the store first;
// otherwise the result is a second handle on the same keys (another connection, as
// `manimd keys` beside a running server). Unit tests instantiate it for SqliteKeyStore;
// the integration tests for RedisKeyStore against a real redis-server.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "auth/api_key.h"
#include "auth/key_store.h"

namespace manimd::auth::conformance {

inline ApiKey Key(const std::string& id, std::int64_t created_ms) {
  ApiKey k;
  k.id = id;
  k.name = "name of " + id;
  k.hash = HashSecret(id);
  k.rate_per_min = 7;
  k.concurrency = 2;
  k.max_quality = render::Quality::kHigh;
  k.created_ms = created_ms;
  return k;
}

// A scratch directory for a file-backed store, removed by the fixture.
inline std::string MakeScratchDir() {
  std::string t = (std::filesystem::temp_directory_path() / "manimd-keystore-XXXXXX").string();
  return mkdtemp(t.data()) == nullptr ? "" : t;
}

template <typename Factory>
class KeyStoreConformance : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeScratchDir();
    ASSERT_FALSE(dir_.empty());
    store_ = Factory::Open(dir_, /*fresh=*/true);
    ASSERT_NE(store_, nullptr);
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::unique_ptr<KeyStore> Another() { return Factory::Open(dir_, /*fresh=*/false); }
  std::vector<std::string> ListedIds() {
    core::Result<std::vector<ApiKey>> list = store_->List();
    EXPECT_TRUE(list.ok()) << list.status().ToString();
    std::vector<std::string> ids;
    if (list.ok()) {
      for (const ApiKey& k : *list) ids.push_back(k.id);
    }
    return ids;
  }

  std::string dir_;
  std::unique_ptr<KeyStore> store_;
};

TYPED_TEST_SUITE_P(KeyStoreConformance);

TYPED_TEST_P(KeyStoreConformance, CreateGetListRevoke) {
  KeyStore& store = *this->store_;
  EXPECT_FALSE(*store.AnyActive());
  ASSERT_TRUE(store.Create(Key("key_b", 2)).ok());
  ASSERT_TRUE(store.Create(Key("key_a", 1)).ok());
  EXPECT_EQ(store.Create(Key("key_a", 3)).code(), core::Code::kConflict);
  core::Result<ApiKey> got = store.Get("key_b");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->name, "name of key_b");
  EXPECT_EQ(got->hash, HashSecret("key_b"));
  EXPECT_EQ(got->rate_per_min, 7);
  EXPECT_EQ(got->concurrency, 2);
  EXPECT_EQ(got->max_quality, render::Quality::kHigh);
  EXPECT_EQ(got->created_ms, 2);
  EXPECT_EQ(got->revoked_ms, 0);
  EXPECT_EQ(store.Get("key_c").status().code(), core::Code::kNotFound);
  EXPECT_EQ(this->ListedIds(), (std::vector<std::string>{"key_a", "key_b"}));
  EXPECT_TRUE(*store.AnyActive());

  // Another connection sees and revokes it: manimd keys beside serve.
  std::unique_ptr<KeyStore> other = this->Another();
  ASSERT_NE(other, nullptr);
  ASSERT_TRUE(other->Revoke("key_a", 50).ok());
  ASSERT_TRUE(other->Revoke("key_a", 60).ok());  // stays revoked at its first time
  EXPECT_EQ(other->Revoke("key_c", 60).code(), core::Code::kNotFound);
  EXPECT_EQ(store.Get("key_a")->revoked_ms, 50);
  EXPECT_TRUE(*store.AnyActive());
  ASSERT_TRUE(store.Revoke("key_b", 70).ok());
  EXPECT_FALSE(*other->AnyActive());
  EXPECT_EQ(this->ListedIds(), (std::vector<std::string>{"key_a", "key_b"}));  // revoked too
}

TYPED_TEST_P(KeyStoreConformance, KeysWithoutLimitsAndEqualTimesListById) {
  ApiKey plain;
  plain.id = "key_2";
  plain.name = "";
  plain.hash = HashSecret("2");
  plain.created_ms = 5;
  ASSERT_TRUE(this->store_->Create(plain).ok());
  ApiKey first = plain;
  first.id = "key_1";
  ASSERT_TRUE(this->store_->Create(first).ok());
  ASSERT_TRUE(this->store_->Create(Key("key_0", 9)).ok());
  EXPECT_EQ(this->ListedIds(), (std::vector<std::string>{"key_1", "key_2", "key_0"}));
  core::Result<ApiKey> got = this->store_->Get("key_2");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->name, "");
  EXPECT_EQ(got->rate_per_min, 0);
  EXPECT_EQ(got->concurrency, 0);
  EXPECT_FALSE(got->max_quality.has_value());
}

TYPED_TEST_P(KeyStoreConformance, AnIdThatLooksLikeAnotherKeysFieldIsJustAnId) {
  // Ids reach the store from clients (a bearer token's id part) only through KeyIdOf's
  // format check, but the store itself must not care what the bytes are.
  EXPECT_EQ(this->store_->Get("key_a' OR '1'='1").status().code(), core::Code::kNotFound);
  EXPECT_EQ(this->store_->Get("").status().code(), core::Code::kNotFound);
  EXPECT_EQ(this->store_->Revoke("*", 1).code(), core::Code::kNotFound);
  EXPECT_FALSE(*this->store_->AnyActive());
}

// A key's own webhook secret is kept as given (signing needs it), on every handle.
TYPED_TEST_P(KeyStoreConformance, KeepsAKeysWebhookSecret) {
  ApiKey with = Key("key_w", 1);
  with.webhook_secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  ASSERT_TRUE(this->store_->Create(with).ok());
  ASSERT_TRUE(this->store_->Create(Key("key_n", 2)).ok());
  std::unique_ptr<KeyStore> other = this->Another();
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(other->Get("key_w")->webhook_secret, with.webhook_secret);
  EXPECT_EQ(other->Get("key_n")->webhook_secret, "");
  core::Result<std::vector<ApiKey>> list = other->List();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].webhook_secret, with.webhook_secret);
}

REGISTER_TYPED_TEST_SUITE_P(KeyStoreConformance, CreateGetListRevoke,
                            KeysWithoutLimitsAndEqualTimesListById,
                            AnIdThatLooksLikeAnotherKeysFieldIsJustAnId, KeepsAKeysWebhookSecret);

}  // namespace manimd::auth::conformance
