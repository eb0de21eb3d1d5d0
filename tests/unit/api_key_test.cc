// API keys: secrets, their hashes, the constant-time check and the headers they come in.
#include "auth/api_key.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace manimd::auth {
namespace {

TEST(ApiKeyTest, MakeKeyGivesASecretThatNamesItsIdAndMatchesOnlyItsHash) {
  ApiKey limits;
  limits.name = "ci";
  limits.rate_per_min = 30;
  core::Result<NewKey> made = MakeKey(limits, 5000);
  ASSERT_OK(made.status());
  EXPECT_EQ(made->key.name, "ci");
  EXPECT_EQ(made->key.rate_per_min, 30);
  EXPECT_EQ(made->key.created_ms, 5000);
  EXPECT_EQ(made->key.id.size(), 20u);
  EXPECT_EQ(KeyIdOf(made->secret), made->key.id);
  EXPECT_EQ(made->key.hash.size(), 64u);
  EXPECT_EQ(made->key.hash.find(made->secret.substr(24)), std::string::npos);
  EXPECT_TRUE(SecretMatches(made->secret, made->key.hash));
  std::string wrong = made->secret;
  wrong.back() = wrong.back() == 'A' ? 'B' : 'A';
  EXPECT_FALSE(SecretMatches(wrong, made->key.hash));
  EXPECT_FALSE(SecretMatches(made->secret, ""));
  core::Result<NewKey> other = MakeKey(limits, 5000);
  ASSERT_OK(other.status());
  EXPECT_NE(other->secret, made->secret);
  EXPECT_NE(other->key.id, made->key.id);
}

TEST(ApiKeyTest, HashIsSha256Hex) {
  // sha256("abc"), FIPS 180-2 appendix B.1.
  EXPECT_EQ(HashSecret("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(ApiKeyTest, KeyIdOfRefusesWhatIsNotShapedLikeASecret) {
  EXPECT_EQ(KeyIdOf("mdk_key_0123456789abcdef_xyz"), "key_0123456789abcdef");
  EXPECT_EQ(KeyIdOf(""), std::nullopt);
  EXPECT_EQ(KeyIdOf("mdk_key_0123456789abcdeZ_xyz"), std::nullopt);
  EXPECT_EQ(KeyIdOf("mdk_key_0123456789abcdef"), std::nullopt);
  EXPECT_EQ(KeyIdOf("sk_key_0123456789abcdef_xyz"), std::nullopt);
  EXPECT_EQ(KeyIdOf("mdk_key_0123456789abcdef_" + std::string(300, 'a')), std::nullopt);
}

TEST(ApiKeyTest, CredentialFromEitherHeader) {
  EXPECT_EQ(*CredentialFrom("Bearer abc", ""), "abc");
  EXPECT_EQ(*CredentialFrom("bearer   abc ", ""), "abc");
  EXPECT_EQ(*CredentialFrom("", "abc"), "abc");
  EXPECT_EQ(*CredentialFrom("Bearer abc", "abc"), "abc");
  EXPECT_EQ(*CredentialFrom("", ""), "");
  EXPECT_EQ(CredentialFrom("Basic dXNlcjpwYXNz", "").status().code(), core::Code::kInvalidArgument);
  EXPECT_EQ(CredentialFrom("Bearer abc", "def").status().code(), core::Code::kInvalidArgument);
}

TEST(ApiKeyTest, ParseRate) {
  EXPECT_EQ(*ParseRate("60/min"), 60);
  EXPECT_EQ(*ParseRate("5"), 5);
  EXPECT_FALSE(ParseRate("0/min").ok());
  EXPECT_FALSE(ParseRate("60/s").ok());
  EXPECT_FALSE(ParseRate("").ok());
  EXPECT_FALSE(ParseRate("-3").ok());
}

}  // namespace
}  // namespace manimd::auth
