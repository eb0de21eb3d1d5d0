#include "api/job_json.h"

#include <gtest/gtest.h>

namespace manimd::api {
namespace {

TEST(JobJsonTest, OnlyPlainHostsAreEchoedInLinks) {
  for (const char* host : {"localhost", "localhost:3001", "render.example.com", "10.0.0.2:80",
                           "[::1]:3001", "[2001:db8::1]"}) {
    EXPECT_TRUE(IsPlainHost(host)) << host;
  }
  for (const char* host : {"", "\"><script>", "a b", "host/path", "host:", "host:abc",
                           "host:123456", "[::1", "[::1]x", "[<x>]:1", "evil.com@x"}) {
    EXPECT_FALSE(IsPlainHost(host)) << host;
  }
}

TEST(JobJsonTest, LinksUsePublicUrlThenAPlainHostElseStayRelative) {
  http::Request request;
  request.set(http::beast_http::field::host, "api.example.com:8080");
  EXPECT_EQ(AbsoluteUrl("/files/a.mp4", "", request), "http://api.example.com:8080/files/a.mp4");
  EXPECT_EQ(AbsoluteUrl("/files/a.mp4", "https://cdn.example", request),
            "https://cdn.example/files/a.mp4");
  request.set(http::beast_http::field::host, "\"><script>alert(1)</script>");
  EXPECT_EQ(AbsoluteUrl("/files/a.mp4", "", request), "/files/a.mp4");
  EXPECT_EQ(AbsoluteUrl("https://s3/x?sig", "", request), "https://s3/x?sig");
}

}  // namespace
}  // namespace manimd::api
