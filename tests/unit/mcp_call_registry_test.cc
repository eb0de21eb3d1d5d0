// Requests that a notifications/cancelled may stop: matched within their scope only,
// and forgotten when their handle goes.
#include <gtest/gtest.h>

#include "mcp/call_registry.h"

namespace manimd::mcp {
namespace {

namespace json = boost::json;

TEST(McpCallRegistryTest, CancelsTheNamedRequestOfTheSameScopeOnly) {
  CallRegistry calls;
  int a = 0, b = 0, c = 0;
  CallRegistry::Handle ha = calls.Register("alice\ns1", json::value(1), [&] { ++a; });
  CallRegistry::Handle hb = calls.Register("alice\ns2", json::value(1), [&] { ++b; });
  CallRegistry::Handle hc = calls.Register("alice\ns1", json::value("1"), [&] { ++c; });
  EXPECT_EQ(calls.Cancel("alice\ns1", json::value(1)), 1);
  EXPECT_EQ(a, 1);
  EXPECT_EQ(b, 0);  // another session's request 1
  EXPECT_EQ(c, 0);  // "1" is not 1
  EXPECT_EQ(calls.Cancel("bob\ns1", json::value(1)), 0);
  EXPECT_EQ(calls.Cancel("alice\ns1", json::value(99)), 0);
}

TEST(McpCallRegistryTest, HandlesUnregisterWhenTheyGo) {
  CallRegistry calls;
  int n = 0;
  {
    CallRegistry::Handle h = calls.Register("s", json::value(5), [&] { ++n; });
    CallRegistry::Handle moved = std::move(h);
    EXPECT_EQ(calls.size(), 1);
  }
  EXPECT_EQ(calls.size(), 0);
  EXPECT_EQ(calls.Cancel("s", json::value(5)), 0);
  EXPECT_EQ(n, 0);
}

TEST(McpCallRegistryTest, AReusedIdCancelsBoth) {
  CallRegistry calls;
  int n = 0;
  CallRegistry::Handle first = calls.Register("s", json::value(2), [&] { ++n; });
  CallRegistry::Handle second = calls.Register("s", json::value(2), [&] { ++n; });
  EXPECT_EQ(calls.Cancel("s", json::value(2)), 2);
  EXPECT_EQ(n, 2);
  first.Reset();
  EXPECT_EQ(calls.size(), 1);
}

}  // namespace
}  // namespace manimd::mcp
