// FairQueue: round-robin between tenants, FIFO within one, limits that hold a tenant back
// without holding others.
#include "jobs/fair_queue.h"

#include <gtest/gtest.h>

namespace manimd::jobs {
namespace {

std::vector<std::string> Drain(FairQueue<std::string>& q) {
  std::vector<std::string> order;
  while (std::optional<std::string> item = q.Pop()) order.push_back(*item);
  return order;
}

TEST(FairQueueTest, AnonymousJobsAreFirstComeFirstServed) {
  FairQueue<std::string> q;
  q.Push("", 0, "1");
  q.Push("", 0, "2");
  q.Push("", 0, "3");
  EXPECT_EQ(Drain(q), (std::vector<std::string>{"1", "2", "3"}));
}

TEST(FairQueueTest, TenantsTakeTurns) {
  FairQueue<std::string> q;
  for (int i = 1; i <= 4; ++i) q.Push("a", 0, "a" + std::to_string(i));
  q.Push("b", 0, "b1");
  q.Push("c", 0, "c1");
  q.Push("c", 0, "c2");
  EXPECT_EQ(q.size(), 7u);
  EXPECT_EQ(Drain(q), (std::vector<std::string>{"a1", "b1", "c1", "a2", "c2", "a3", "a4"}));
  EXPECT_EQ(q.size(), 0u);
}

TEST(FairQueueTest, ATenantAtItsLimitWaitsWithoutBlockingOthers) {
  FairQueue<std::string> q;
  for (int i = 1; i <= 3; ++i) q.Push("a", 1, "a" + std::to_string(i));
  EXPECT_EQ(q.Pop(), "a1");
  EXPECT_FALSE(q.HasRunnable());
  EXPECT_EQ(q.Pop(), std::nullopt);
  q.Push("b", 1, "b1");
  EXPECT_TRUE(q.HasRunnable());
  EXPECT_EQ(q.Pop(), "b1");
  EXPECT_EQ(q.running("a"), 1);
  q.Finished("a");
  EXPECT_EQ(q.Pop(), "a2");
  EXPECT_EQ(q.Pop(), std::nullopt);
  q.Finished("a");
  q.Finished("b");
  EXPECT_EQ(q.Pop(), "a3");
}

TEST(FairQueueTest, RemoveAndTakeAll) {
  FairQueue<std::string> q;
  q.Push("a", 0, "a1");
  q.Push("a", 0, "a2");
  q.Push("b", 0, "b1");
  EXPECT_TRUE(q.Remove("a", "a1"));
  EXPECT_FALSE(q.Remove("a", "a1"));
  EXPECT_FALSE(q.Remove("b", "a2"));
  EXPECT_TRUE(q.Remove("b", "b1"));
  EXPECT_EQ(q.size(), 1u);
  EXPECT_EQ(q.Pop(), "a2");
  q.Push("c", 0, "c1");
  q.Push("d", 0, "d1");
  std::vector<std::string> all = q.TakeAll();
  EXPECT_EQ(all.size(), 2u);
  EXPECT_EQ(q.size(), 0u);
  EXPECT_FALSE(q.HasRunnable());
}

}  // namespace
}  // namespace manimd::jobs
