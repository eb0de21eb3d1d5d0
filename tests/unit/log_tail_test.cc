#include "render/log_tail.h"

#include <gtest/gtest.h>

namespace manimd::render {
namespace {

TEST(LogTailTest, StripsAnsiCodes) {
  EXPECT_EQ(CleanLogLine("\x1b[31mred\x1b[0m plain \x1b[1;32mbold\x1b[m"), "red plain bold");
  EXPECT_EQ(CleanLogLine("\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\"), "link");
}

TEST(LogTailTest, StripsRichBoxDrawing) {
  // "╭─── Traceback ───╮" and "│ text │" as rich prints them.
  EXPECT_EQ(CleanLogLine("\xe2\x95\xad\xe2\x94\x80 Traceback \xe2\x94\x80\xe2\x95\xae"),
            " Traceback");
  EXPECT_EQ(CleanLogLine("\xe2\x94\x82 x = 1/0 \xe2\x94\x82"), " x = 1/0");
  // Other UTF-8 survives.
  EXPECT_EQ(CleanLogLine("Gr\xc3\xbc\xc3\x9f\x65 \xe4\xb8\x96\xe7\x95\x8c"),
            "Gr\xc3\xbc\xc3\x9f\x65 \xe4\xb8\x96\xe7\x95\x8c");
}

TEST(LogTailTest, KeepsTheLastRedrawOfAProgressBar) {
  EXPECT_EQ(CleanLogLine("Animation 0:  10%\rAnimation 0:  90%\rAnimation 0: 100%"),
            "Animation 0: 100%");
}

TEST(LogTailTest, KeepsOnlyTheLastLines) {
  LogTail tail(3, 10);
  tail.Append("one\ntwo\n\x1b[0m\nthree\nfour\nan overly long line here\npart");
  EXPECT_EQ(tail.Text(), "four\nan overly ...\npart");
}

}  // namespace
}  // namespace manimd::render
