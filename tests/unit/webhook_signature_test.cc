#include <gtest/gtest.h>

#include "webhooks/signature.h"

namespace manimd::webhooks {
namespace {

// The Standard Webhooks reference libraries' own test vector: what they verify, we sign.
TEST(WebhookSignatureTest, ReproducesTheStandardWebhooksTestVector) {
  core::Result<std::string> key = DecodeSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  EXPECT_EQ(key->size(), 24u);
  EXPECT_EQ(Sign(*key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, R"({"test": 2432232314})"),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
}

TEST(WebhookSignatureTest, ThePrefixIsOptionalAndEveryPartIsSigned) {
  core::Result<std::string> bare = DecodeSecret("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  ASSERT_TRUE(bare.ok());
  std::string base = Sign(*bare, "msg_1", 100, "{}");
  EXPECT_NE(Sign(*bare, "msg_2", 100, "{}"), base);
  EXPECT_NE(Sign(*bare, "msg_1", 101, "{}"), base);
  EXPECT_NE(Sign(*bare, "msg_1", 100, "{ }"), base);
}

TEST(WebhookSignatureTest, MalformedOrShortSecretsAreRefused) {
  EXPECT_FALSE(DecodeSecret("").ok());
  EXPECT_FALSE(DecodeSecret("whsec_").ok());
  EXPECT_FALSE(DecodeSecret("whsec_not base64!").ok());
  EXPECT_FALSE(DecodeSecret("whsec_c2hvcnQ=").ok());  // "short": 5 bytes
  core::Result<std::string> padded = DecodeSecret("whsec_" + std::string(43, 'A') + "=");
  ASSERT_TRUE(padded.ok()) << padded.status().ToString();
  EXPECT_EQ(padded->size(), 32u);
}

}  // namespace
}  // namespace manimd::webhooks
