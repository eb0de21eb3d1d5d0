#include "api/bearer_token.h"

#include <gtest/gtest.h>

namespace manimd::api {
namespace {

TEST(BearerTokenTest, OnlyTheExactTokenAfterTheSchemeMatches) {
  EXPECT_TRUE(BearerTokenMatches("Bearer s3cret", "s3cret"));
  EXPECT_TRUE(BearerTokenMatches("bearer s3cret", "s3cret"));  // the scheme has no case
  EXPECT_FALSE(BearerTokenMatches("Bearer s3cre", "s3cret"));
  EXPECT_FALSE(BearerTokenMatches("Bearer s3cret2", "s3cret"));
  EXPECT_FALSE(BearerTokenMatches("Bearer S3CRET", "s3cret"));
  EXPECT_FALSE(BearerTokenMatches("Bearer  s3cret", "s3cret"));
  EXPECT_FALSE(BearerTokenMatches("Basic s3cret", "s3cret"));
  EXPECT_FALSE(BearerTokenMatches("s3cret", "s3cret"));
  EXPECT_FALSE(BearerTokenMatches("", "s3cret"));
  EXPECT_FALSE(BearerTokenMatches("Bearer ", "s3cret"));
  EXPECT_FALSE(BearerTokenMatches(std::string("Bearer s3cret\0x", 15), "s3cret"));
}

}  // namespace
}  // namespace manimd::api
