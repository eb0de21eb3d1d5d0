#include "sandbox/uid_range.h"

#include <gtest/gtest.h>
#include <pwd.h>

namespace manimd::sandbox {
namespace {

TEST(UidRangeTest, ARangeHoldingAnAccountIsRefusedByName) {
  passwd* nobody = getpwnam("nobody");
  ASSERT_NE(nobody, nullptr);
  core::Status s = CheckUidRangeUnused(nobody->pw_uid - 1, 4);
  EXPECT_EQ(s.code(), core::Code::kInvalidArgument);
  EXPECT_NE(s.message().find("nobody"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("SANDBOX_UID_BASE"), std::string::npos) << s.message();
}

TEST(UidRangeTest, TheDefaultRangeIsFree) { EXPECT_TRUE(CheckUidRangeUnused(200000, 64).ok()); }

}  // namespace
}  // namespace manimd::sandbox
