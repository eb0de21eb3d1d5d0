// UrlSigner: a signed /files/ link verifies until it expires, and for its path only.
#include "auth/url_signer.h"

#include <gtest/gtest.h>

namespace manimd::auth {
namespace {

struct Parts {
  std::string path, expires, sig;
};

Parts Split(const std::string& url) {
  size_t q = url.find("?expires=");
  size_t s = url.find("&sig=");
  return {url.substr(0, q), url.substr(q + 9, s - q - 9), url.substr(s + 5)};
}

TEST(UrlSignerTest, VerifiesItsOwnLinkUntilItExpires) {
  core::ManualClock clock(1'700'000'000'000);
  UrlSigner signer("secret", 60, &clock);
  Parts p = Split(signer.Sign("/files/videos/a/S.mp4"));
  EXPECT_EQ(p.path, "/files/videos/a/S.mp4");
  EXPECT_EQ(p.expires, "1700000060");
  EXPECT_EQ(p.sig.size(), 64u);
  EXPECT_TRUE(signer.Verify(p.path, p.expires, p.sig));
  EXPECT_FALSE(signer.Verify("/files/videos/b/S.mp4", p.expires, p.sig));
  EXPECT_FALSE(signer.Verify(p.path, "1700000061", p.sig));
  EXPECT_FALSE(signer.Verify(p.path, p.expires, p.sig.substr(1)));
  EXPECT_FALSE(signer.Verify(p.path, "", p.sig));
  EXPECT_FALSE(signer.Verify(p.path, "12x", p.sig));
  UrlSigner other("another secret", 60, &clock);
  EXPECT_FALSE(other.Verify(p.path, p.expires, p.sig));
  clock.Advance(61'000);
  EXPECT_FALSE(signer.Verify(p.path, p.expires, p.sig));
}

TEST(UrlSignerTest, RandomSecretsDiffer) {
  EXPECT_EQ(RandomSecret().size(), 64u);
  EXPECT_NE(RandomSecret(), RandomSecret());
}

}  // namespace
}  // namespace manimd::auth
