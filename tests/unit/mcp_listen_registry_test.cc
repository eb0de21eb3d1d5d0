// Open subscriptions/listen streams: a bounded number per caller, freed when their
// handle goes, and all ended (then refused) when the server stops.
#include <gtest/gtest.h>

#include "mcp/listen_registry.h"

namespace manimd::mcp {
namespace {

using Refusal = ListenRegistry::Refusal;

TEST(McpListenRegistryTest, BoundsEachCallerSeparately) {
  ListenRegistry listens(2);
  ListenRegistry::Handle a1, a2, a3, b1;
  EXPECT_EQ(listens.Open(
                "alice", [] {}, &a1),
            Refusal::kNone);
  EXPECT_EQ(listens.Open(
                "alice", [] {}, &a2),
            Refusal::kNone);
  EXPECT_EQ(listens.Open(
                "alice", [] {}, &a3),
            Refusal::kTooMany);
  EXPECT_EQ(listens.Open(
                "bob", [] {}, &b1),
            Refusal::kNone);  // alice's count is hers
  EXPECT_EQ(listens.open("alice"), 2);
  EXPECT_EQ(listens.open("bob"), 1);
  EXPECT_EQ(listens.open(), 3);
}

TEST(McpListenRegistryTest, AClosedStreamFreesItsPlace) {
  ListenRegistry listens(1);
  for (int i = 0; i < 100; ++i) {
    ListenRegistry::Handle h;
    ASSERT_EQ(listens.Open(
                  "alice", [] {}, &h),
              Refusal::kNone)
        << "round " << i;
    ListenRegistry::Handle moved = std::move(h);
    h.Reset();  // a moved-from handle frees nothing
    EXPECT_EQ(listens.open("alice"), 1);
  }
  EXPECT_EQ(listens.open("alice"), 0);
  EXPECT_EQ(listens.open(), 0);
}

TEST(McpListenRegistryTest, CloseAllEndsEveryStreamAndRefusesNewOnes) {
  ListenRegistry listens(4);
  int closed = 0;
  ListenRegistry::Handle a, b, gone;
  ASSERT_EQ(listens.Open(
                "alice", [&] { ++closed; }, &a),
            Refusal::kNone);
  ASSERT_EQ(listens.Open(
                "bob", [&] { ++closed; }, &b),
            Refusal::kNone);
  ASSERT_EQ(listens.Open(
                "bob", [&] { closed += 100; }, &gone),
            Refusal::kNone);
  gone.Reset();  // left before the stop: not called
  listens.CloseAll();
  EXPECT_EQ(closed, 2);
  ListenRegistry::Handle late;
  EXPECT_EQ(listens.Open(
                "carol", [] {}, &late),
            Refusal::kClosing);
  a.Reset();
  b.Reset();
  EXPECT_EQ(listens.open(), 0);
}

}  // namespace
}  // namespace manimd::mcp
