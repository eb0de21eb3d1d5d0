// Which Origin headers may reach /mcp (the spec's DNS rebinding defence).
#include <gtest/gtest.h>

#include "mcp/origin.h"

namespace manimd::mcp {
namespace {

TEST(McpOriginTest, NoOriginAndLoopbackOriginsAreAllowed) {
  OriginPolicy none;
  EXPECT_TRUE(OriginAllowed("", "anything", none));
  for (const char* o : {"http://localhost", "http://localhost:6274", "https://127.0.0.1:8443",
                        "http://127.1.2.3", "http://[::1]:3000", "HTTP://LOCALHOST:1"}) {
    EXPECT_TRUE(OriginAllowed(o, "render.example.com", none)) << o;
  }
}

TEST(McpOriginTest, OtherSitesAreRefusedEvenWhenTheyPoseAsTheHost) {
  OriginPolicy none;
  for (const char* o : {"http://evil.com", "null", "file://", "http://localhost.evil.com",
                        "http://127.0.0.1.evil.com", "ftp://localhost", "http://evil.com/x"}) {
    EXPECT_FALSE(OriginAllowed(o, "localhost:3001", none)) << o;
  }
  // DNS rebinding: the attacker's name resolves to us, so Origin and Host agree.
  EXPECT_FALSE(OriginAllowed("http://evil.com:3001", "evil.com:3001", none));
  // Under an IP address the same origin cannot be a rebinding.
  EXPECT_TRUE(OriginAllowed("http://10.0.0.5:3001", "10.0.0.5:3001", none));
  EXPECT_FALSE(OriginAllowed("http://10.0.0.6:3001", "10.0.0.5:3001", none));
}

TEST(McpOriginTest, ConfiguredOriginsAreAllowed) {
  OriginPolicy p{{"https://app.example.com"}, "https://render.example.com/base"};
  EXPECT_TRUE(OriginAllowed("https://app.example.com", "render.example.com", p));
  EXPECT_TRUE(OriginAllowed("https://render.example.com", "render.example.com", p));
  EXPECT_FALSE(OriginAllowed("http://app.example.com", "render.example.com", p));
  EXPECT_FALSE(OriginAllowed("https://other.example.com", "render.example.com", p));
  OriginPolicy any{{"*"}, ""};
  EXPECT_TRUE(OriginAllowed("https://other.example.com", "x", any));
  EXPECT_EQ(OriginOf("https://Render.example.com:8443/base/"), "https://render.example.com:8443");
  EXPECT_EQ(OriginOf(""), "");
}

}  // namespace
}  // namespace manimd::mcp
