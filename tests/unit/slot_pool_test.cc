#include "sandbox/slot_pool.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

#include "sandbox/uid_lease.h"

namespace manimd::sandbox {
namespace {

using std::chrono::milliseconds;

TEST(SlotPoolTest, EachClaimGetsItsOwnIndex) {
  SlotPool pool(2);
  core::Result<Slot> a = pool.Acquire(milliseconds(0));
  core::Result<Slot> b = pool.Acquire(milliseconds(0));
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  EXPECT_NE(a->index(), b->index());
}

TEST(SlotPoolTest, FullPoolSaysSoAndFreesOnRelease) {
  SlotPool pool(1);
  {
    core::Result<Slot> a = pool.Acquire(milliseconds(0));
    ASSERT_TRUE(a.ok());
    core::Result<Slot> b = pool.Acquire(milliseconds(60));
    ASSERT_FALSE(b.ok());
    EXPECT_EQ(b.status().code(), core::Code::kUnavailable);
  }
  EXPECT_TRUE(pool.Acquire(milliseconds(0)).ok());
}

TEST(SlotPoolTest, AWaiterGetsTheSlotWhenItFrees) {
  SlotPool pool(1);
  std::optional<Slot> held(std::move(pool.Acquire(milliseconds(0)).value()));
  std::thread release([&] {
    std::this_thread::sleep_for(milliseconds(50));
    held.reset();
  });
  EXPECT_TRUE(pool.Acquire(milliseconds(5000)).ok());
  release.join();
}

class UidLeasesTest : public testing::Test {
 protected:
  void SetUp() override { dir_ = testing::TempDir() + "/uid_leases_" + std::to_string(getpid()); }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string dir_;
};

TEST_F(UidLeasesTest, TwoProcessesOfAHostNeverShareAUid) {
  // Two UidLeases on one run dir, as a server and a CLI render on one machine.
  UidLeases first(dir_, 300000, 2), second(dir_, 300000, 2);
  core::Result<UidLease> a = first.Claim(milliseconds(0));
  core::Result<UidLease> b = second.Claim(milliseconds(0));
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  if (geteuid() != 0) {
    EXPECT_FALSE(a->uid().has_value());  // not root: no uids to share
    return;
  }
  EXPECT_NE(*a->uid(), *b->uid());
  EXPECT_GE(*a->uid(), 300000u);
  EXPECT_LT(*a->uid(), 300002u);
  core::Result<UidLease> c = first.Claim(milliseconds(60));
  EXPECT_EQ(c.status().code(), core::Code::kUnavailable);
  EXPECT_NE(c.status().message().find("SANDBOX_UIDS"), std::string::npos);
  a = UidLease();  // released: free for anyone again
  EXPECT_TRUE(second.Claim(milliseconds(0)).ok());
}

}  // namespace
}  // namespace manimd::sandbox
