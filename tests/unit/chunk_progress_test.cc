#include "jobs/chunk_progress.h"

#include <gtest/gtest.h>

namespace manimd::jobs {
namespace {

render::Progress At(int animation, double percent) {
  render::Progress p;
  p.animation = animation;
  p.animation_percent = percent;
  return p;
}

TEST(ChunkProgressTest, CountsOnlyEachChunksOwnPlays) {
  // Plays of 10, 30, 20, 40 frames; chunks [0,2) and [2,end).
  ChunkProgress c({10, 30, 20, 40}, {{0, 2}, {2, -1}});
  // The second chunk skips plays 1 and 2 first: they count for nothing.
  EXPECT_EQ(c.Apply(1, At(2, 100)).percent, 0);
  render::Progress p = c.Apply(1, At(3, 50));  // half of 20 frames
  EXPECT_DOUBLE_EQ(p.percent, 10);
  EXPECT_EQ(*p.animations, 4);
  p = c.Apply(0, At(2, 100));  // the first chunk is done: 40 frames
  EXPECT_DOUBLE_EQ(p.percent, 50);
  EXPECT_EQ(p.animation, 3);  // two plays finished
  p = c.Apply(1, At(4, 100));
  EXPECT_DOUBLE_EQ(p.percent, 100);
  EXPECT_EQ(p.animation, 4);
}

TEST(ChunkProgressTest, NeverDecreases) {
  ChunkProgress c({10, 10}, {{0, 1}, {1, -1}});
  EXPECT_DOUBLE_EQ(c.Apply(0, At(1, 80)).percent, 40);
  // A chunk that reports an earlier point (a restart, a stale event) changes nothing.
  EXPECT_DOUBLE_EQ(c.Apply(0, At(1, 10)).percent, 40);
  // Past its range (manim starts the next play before it stops the chunk): clamped.
  EXPECT_DOUBLE_EQ(c.Apply(0, At(2, 0)).percent, 50);
  EXPECT_DOUBLE_EQ(c.Apply(7, At(2, 50)).percent, 50);  // no such chunk: ignored
}

}  // namespace
}  // namespace manimd::jobs
