#include "render/manim_args.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>

namespace manimd::render {
namespace {

bool HasPair(const std::vector<std::string>& args, const std::string& flag,
             const std::string& value) {
  auto it = std::find(args.begin(), args.end(), flag);
  return it != args.end() && it + 1 != args.end() && *(it + 1) == value;
}

bool Has(const std::vector<std::string>& args, const std::string& flag) {
  return std::find(args.begin(), args.end(), flag) != args.end();
}

TEST(ManimArgsTest, Defaults) {
  RenderRequest r;
  std::vector<std::string> args = BuildManimArgs(r, ScenePaths{});
  EXPECT_EQ(args.front(), "-qm");
  EXPECT_TRUE(HasPair(args, "--format", "mp4"));
  EXPECT_TRUE(HasPair(args, "--media_dir", "/job/media"));
  EXPECT_TRUE(Has(args, "--disable_caching"));
  EXPECT_TRUE(HasPair(args, "--progress_bar", "none"));
  EXPECT_EQ(args.back(), "/job/scene.py");
  EXPECT_FALSE(Has(args, "--transparent"));
  EXPECT_FALSE(Has(args, "--fps"));
  EXPECT_FALSE(Has(args, "--save_last_frame"));
}

TEST(ManimArgsTest, EveryOption) {
  RenderRequest r;
  r.quality = Quality::kFourK;
  r.format = Format::kWebm;
  r.fps = 24;
  r.resolution = Resolution{640, 360};
  r.transparent = true;
  r.scene = "Second";
  std::vector<std::string> args = BuildManimArgs(r, ScenePaths{});
  EXPECT_EQ(args.front(), "-qk");
  EXPECT_TRUE(HasPair(args, "--format", "webm"));
  EXPECT_TRUE(HasPair(args, "--fps", "24"));
  EXPECT_TRUE(HasPair(args, "--resolution", "640,360"));
  EXPECT_TRUE(Has(args, "--transparent"));
  // The scene goes to the helper, never to manim (manim would prompt without one).
  EXPECT_FALSE(Has(args, "Second"));
}

TEST(ManimArgsTest, PngIsTheLastFrame) {
  RenderRequest r;
  r.format = Format::kPng;
  std::vector<std::string> args = BuildManimArgs(r, ScenePaths{});
  EXPECT_TRUE(Has(args, "--save_last_frame"));
  EXPECT_TRUE(HasPair(args, "--format", "png"));
}

TEST(ManimArgsTest, TransparentWithoutFormatIsMov) {
  RenderRequest r;
  r.transparent = true;
  EXPECT_TRUE(HasPair(BuildManimArgs(r, ScenePaths{}), "--format", "mov"));
}

TEST(ManimArgsTest, ChunkBecomesInclusiveAnimationRange) {
  RenderRequest r;
  EXPECT_FALSE(Has(BuildManimArgs(r, ScenePaths{}), "-n"));
  r.chunk = AnimationRange{2, 5};  // animations 2, 3 and 4
  EXPECT_TRUE(HasPair(BuildManimArgs(r, ScenePaths{}), "-n", "2,4"));
  r.chunk = AnimationRange{3, -1};  // from 3 to the end
  EXPECT_TRUE(HasPair(BuildManimArgs(r, ScenePaths{}), "-n", "3"));
  r.chunk = AnimationRange{0, -1};  // everything: no option at all
  EXPECT_FALSE(Has(BuildManimArgs(r, ScenePaths{}), "-n"));
}

}  // namespace
}  // namespace manimd::render
