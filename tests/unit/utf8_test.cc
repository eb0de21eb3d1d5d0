#include "core/utf8.h"

#include <gtest/gtest.h>

namespace manimd::core {
namespace {

TEST(Utf8Test, ValidTextIsKept) {
  for (std::string s : {"", "plain", "caf\xc3\xa9", "\xe2\x82\xac 5", "\xf0\x9f\x8e\xac"}) {
    EXPECT_TRUE(IsValidUtf8(s)) << s;
    EXPECT_EQ(RepairUtf8(s), s);
  }
}

TEST(Utf8Test, EveryKindOfInvalidSequenceIsReplaced) {
  const std::string fffd = "\xef\xbf\xbd";
  EXPECT_EQ(RepairUtf8("a\xff"
                       "b"),
            "a" + fffd + "b");                                           // never valid
  EXPECT_EQ(RepairUtf8("\x80"), fffd);                                   // stray continuation
  EXPECT_EQ(RepairUtf8("\xc0\xaf"), fffd + fffd);                        // overlong '/'
  EXPECT_EQ(RepairUtf8("\xed\xa0\x80"), fffd + fffd + fffd);             // a UTF-16 surrogate
  EXPECT_EQ(RepairUtf8("\xf4\x90\x80\x80"), fffd + fffd + fffd + fffd);  // past U+10FFFF
  EXPECT_EQ(RepairUtf8("end \xe2\x82"), "end " + fffd + fffd);           // cut short
  EXPECT_FALSE(IsValidUtf8("\xc3("));
  EXPECT_TRUE(IsValidUtf8(RepairUtf8("\xc3(\xff\xfe")));
}

TEST(Utf8Test, CutsAtACharacterBoundaryWithAnEllipsis) {
  std::string euros;
  for (int i = 0; i < 10; ++i) euros += "\xe2\x82\xac";  // 3 bytes each
  std::string cut = RepairUtf8(euros, 10);
  EXPECT_LE(cut.size(), 10u);
  EXPECT_TRUE(IsValidUtf8(cut));
  EXPECT_EQ(cut, "\xe2\x82\xac\xe2\x82\xac\xe2\x80\xa6");  // two euros and "…"
  EXPECT_EQ(RepairUtf8("short", 10), "short");
  EXPECT_EQ(RepairUtf8(std::string(1 << 20, 'x'), 16).size(), 16u);
}

}  // namespace
}  // namespace manimd::core
