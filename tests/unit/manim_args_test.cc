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
  std::vector<std::string> args = BuildManimArgs(r, SandboxLayout{});
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
  std::vector<std::string> args = BuildManimArgs(r, SandboxLayout{});
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
  std::vector<std::string> args = BuildManimArgs(r, SandboxLayout{});
  EXPECT_TRUE(Has(args, "--save_last_frame"));
  EXPECT_TRUE(HasPair(args, "--format", "png"));
}

TEST(ManimArgsTest, TransparentWithoutFormatIsMov) {
  RenderRequest r;
  r.transparent = true;
  EXPECT_TRUE(HasPair(BuildManimArgs(r, SandboxLayout{}), "--format", "mov"));
}

TEST(ManimArgsTest, HelperSpecIsJsonWithEveryField) {
  RenderRequest r;
  r.scene = "Intro";
  r.source_name = "lessons/intro.py";
  std::string spec = BuildHelperSpec(r, SandboxLayout{}, 7);
  boost::json::object o = boost::json::parse(spec).as_object();
  EXPECT_EQ(o.at("source").as_string(), "/job/scene.py");
  EXPECT_EQ(o.at("display_name").as_string(), "lessons/intro.py");
  EXPECT_EQ(o.at("scene").as_string(), "Intro");
  EXPECT_EQ(o.at("count_timeout_s").as_int64(), 7);
  EXPECT_EQ(o.at("manim_args").as_array().back().as_string(), "/job/scene.py");

  r.scene.reset();
  o = boost::json::parse(BuildHelperSpec(r, SandboxLayout{}, 0)).as_object();
  EXPECT_TRUE(o.at("scene").is_null());
}

TEST(ManimArgsTest, HelperCommandIsolatesPython) {
  std::vector<std::string> cmd = BuildHelperCommand(RenderRequest{}, SandboxLayout{}, 1);
  ASSERT_EQ(cmd.size(), 5u);
  EXPECT_EQ(cmd[0], "/usr/bin/python3");
  EXPECT_EQ(cmd[1], "-I");  // no user site, no PYTHON* variables, no cwd on sys.path
  EXPECT_EQ(cmd[3], "/manimd/render.py");
}

}  // namespace
}  // namespace manimd::render
