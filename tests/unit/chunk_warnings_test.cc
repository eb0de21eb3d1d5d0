#include "jobs/chunk_warnings.h"

#include <gtest/gtest.h>

namespace manimd::jobs {
namespace {

using render::Warning;

TEST(ChunkWarningsTest, EveryChunksWarningsOnceInSceneOrder) {
  Warning a{3, "compat.x", "a"}, b{7, "compat.y", "b"}, c{12, "deprecated", "c"},
      d{20, "deprecated", "d"};
  // Chunk 2 repeats what construct() said before its animations (a), then adds its own.
  std::vector<Warning> merged = MergeChunkWarnings({{a, b}, {a, c}, {a, b, d}}, 100);
  EXPECT_EQ(merged, (std::vector<Warning>{a, b, c, d}));
}

TEST(ChunkWarningsTest, SameCodeOnAnotherLineIsAnotherWarning) {
  Warning a{3, "deprecated", "same"}, b{4, "deprecated", "same"};
  EXPECT_EQ(MergeChunkWarnings({{a}, {b}}, 100).size(), 2u);
}

TEST(ChunkWarningsTest, KeepsTheWholeRendersCap) {
  std::vector<Warning> first, second;
  for (int i = 0; i < 3; ++i) first.push_back({i, "w", "first"});
  for (int i = 0; i < 3; ++i) second.push_back({i, "w", "second"});
  std::vector<Warning> merged = MergeChunkWarnings({first, second}, 4);
  ASSERT_EQ(merged.size(), 4u);
  EXPECT_EQ(merged[3].message, "second");
}

TEST(ChunkWarningsTest, NoChunksNoWarnings) { EXPECT_TRUE(MergeChunkWarnings({}, 100).empty()); }

}  // namespace
}  // namespace manimd::jobs
