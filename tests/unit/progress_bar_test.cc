#include "cli/progress_bar.h"

#include <gtest/gtest.h>

namespace manimd::cli {
namespace {

TEST(ProgressBarTest, ShowsAnimationOfTotalPercentAndElapsed) {
  render::Progress p;
  p.animation = 2;
  p.animations = 4;
  p.percent = 37.5;
  EXPECT_EQ(FormatProgressLine(p, 75.2, 8), "[###-----]  37%  animation 2/4  1:15");
}

TEST(ProgressBarTest, UnknownTotal) {
  render::Progress p;
  p.animation = 3;
  p.animation_percent = 100;  // the bar follows the current animation
  EXPECT_EQ(FormatProgressLine(p, 0, 4), "[####] 100%  animation 3  0:00");
}

TEST(ProgressBarTest, BeforeTheFirstAnimation) {
  EXPECT_EQ(FormatProgressLine(render::Progress{}, 3.4, 4), "[----]   0%  starting  0:03");
}

}  // namespace
}  // namespace manimd::cli
