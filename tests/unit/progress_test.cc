#include "render/progress.h"

#include <gtest/gtest.h>

namespace manimd::render {
namespace {

TEST(ProgressTest, OverallPercentWhenCountKnown) {
  ProgressTracker t;
  EXPECT_TRUE(t.Apply(AnimationsEvent{4}));
  EXPECT_TRUE(t.Apply(ProgressEvent{1, 0}));
  EXPECT_DOUBLE_EQ(t.progress().percent, 0);
  EXPECT_TRUE(t.Apply(ProgressEvent{2, 50}));
  EXPECT_DOUBLE_EQ(t.progress().percent, 37.5);
  EXPECT_EQ(t.progress().animation, 2);
  EXPECT_EQ(t.progress().animations, 4);
  EXPECT_TRUE(t.Apply(ProgressEvent{4, 100}));
  EXPECT_DOUBLE_EQ(t.progress().percent, 100);
}

TEST(ProgressTest, NoOverallPercentUntilCountKnown) {
  ProgressTracker t;
  t.Apply(ProgressEvent{3, 40});
  EXPECT_FALSE(t.progress().animations.has_value());
  EXPECT_DOUBLE_EQ(t.progress().percent, 0);
  EXPECT_DOUBLE_EQ(t.progress().animation_percent, 40);
  t.Apply(AnimationsEvent{4});
  EXPECT_DOUBLE_EQ(t.progress().percent, 60);
}

TEST(ProgressTest, NeverGoesBackwards) {
  ProgressTracker t;
  t.Apply(AnimationsEvent{2});
  t.Apply(ProgressEvent{2, 60});
  EXPECT_FALSE(t.Apply(ProgressEvent{1, 100}));
  EXPECT_FALSE(t.Apply(ProgressEvent{2, 10}));
  EXPECT_EQ(t.progress().animation, 2);
  EXPECT_DOUBLE_EQ(t.progress().animation_percent, 60);
}

TEST(ProgressTest, UndercountedSceneStaysWithinBoundsAndNeverDrops) {
  ProgressTracker t;
  t.Apply(AnimationsEvent{2});
  t.Apply(ProgressEvent{2, 90});
  EXPECT_DOUBLE_EQ(t.progress().percent, 95);
  t.Apply(ProgressEvent{3, 0});  // one more than counted
  EXPECT_DOUBLE_EQ(t.progress().percent, 95);
  t.Apply(ProgressEvent{5, 50});
  EXPECT_LE(t.progress().percent, 100.0);
  EXPECT_GE(t.progress().percent, 95.0);
}

TEST(ProgressTest, IgnoresOtherEvents) {
  ProgressTracker t;
  EXPECT_FALSE(t.Apply(SceneEvent{"A"}));
  EXPECT_FALSE(t.Apply(ResultEvent{}));
}

}  // namespace
}  // namespace manimd::render
