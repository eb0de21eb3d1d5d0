#include "sandbox/slot_pool.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

namespace manimd::sandbox {
namespace {

using std::chrono::milliseconds;

class SlotPoolTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::TempDir() + "/slot_pool_test_" + std::to_string(getpid());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string dir_;
};

TEST_F(SlotPoolTest, EachClaimGetsItsOwnUid) {
  SlotPool pool(dir_, 300000, 2);
  core::Result<Slot> a = pool.Acquire(milliseconds(0));
  core::Result<Slot> b = pool.Acquire(milliseconds(0));
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  EXPECT_NE(a->index(), b->index());
  if (geteuid() == 0) {
    EXPECT_EQ(*a->uid(), 300000u + a->index());
    EXPECT_NE(*a->uid(), *b->uid());
  } else {
    EXPECT_FALSE(a->uid().has_value());
  }
}

TEST_F(SlotPoolTest, FullPoolSaysSoAndFreesOnRelease) {
  SlotPool pool(dir_, 300000, 1);
  {
    core::Result<Slot> a = pool.Acquire(milliseconds(0));
    ASSERT_TRUE(a.ok());
    core::Result<Slot> b = pool.Acquire(milliseconds(60));
    ASSERT_FALSE(b.ok());
    EXPECT_EQ(b.status().code(), core::Code::kUnavailable);
  }
  EXPECT_TRUE(pool.Acquire(milliseconds(0)).ok());
}

TEST_F(SlotPoolTest, TwoPoolsOnOneDirShareTheSlots) {
  // As a CLI render and a server on one machine would.
  SlotPool first(dir_, 300000, 1);
  SlotPool second(dir_, 300000, 1);
  core::Result<Slot> a = first.Acquire(milliseconds(0));
  ASSERT_TRUE(a.ok());
  EXPECT_FALSE(second.Acquire(milliseconds(0)).ok());
}

}  // namespace
}  // namespace manimd::sandbox
