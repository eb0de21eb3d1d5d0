#include "sandbox/helper_command.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace manimd::sandbox {
namespace {

TEST(HelperCommandTest, HelperSpecIsJsonWithEveryField) {
  render::RenderRequest r;
  r.scene = "Intro";
  r.source_name = "lessons/intro.py";
  std::string spec = BuildHelperSpec(r, SandboxLayout{}, 7);
  boost::json::object o = boost::json::parse(spec).as_object();
  EXPECT_EQ(o.at("source").as_string(), "/job/scene.py");
  EXPECT_EQ(o.at("display_name").as_string(), "lessons/intro.py");
  EXPECT_EQ(o.at("scene").as_string(), "Intro");
  EXPECT_EQ(o.at("count_timeout_s").as_int64(), 7);
  EXPECT_EQ(o.at("manim_args").as_array().back().as_string(), "/job/scene.py");
  EXPECT_EQ(o.at("compat").as_string(), "0.19");
  EXPECT_EQ(o.at("mode").as_string(), "render");
  EXPECT_EQ(o.at("events_fd").as_int64(), 3);

  r.scene.reset();
  o = boost::json::parse(BuildHelperSpec(r, SandboxLayout{}, 0)).as_object();
  EXPECT_TRUE(o.at("scene").is_null());

  r.chunk = render::AnimationRange{2, 4};  // a chunk of a split render: counted already
  o = boost::json::parse(BuildHelperSpec(r, SandboxLayout{}, 7)).as_object();
  EXPECT_EQ(o.at("count_timeout_s").as_int64(), 0);
}

TEST(HelperCommandTest, HelperCommandIsolatesPython) {
  std::vector<std::string> cmd = BuildHelperCommand(render::RenderRequest{}, SandboxLayout{}, 1);
  ASSERT_EQ(cmd.size(), 5u);
  EXPECT_EQ(cmd[0], "/usr/bin/python3");
  EXPECT_EQ(cmd[1], "-I");  // no user site, no PYTHON* variables, no cwd on sys.path
  EXPECT_EQ(cmd[3], "/manimd/render.py");
}

TEST(HelperCommandTest, TheLayoutSizesTmpByTheOutputLimit) {
  Limits small;
  small.output_bytes = 10 << 20;
  EXPECT_EQ(SandboxLayout::For(small).tmp_bytes, 10 << 20);
  EXPECT_EQ(SandboxLayout::For(Limits{}).tmp_bytes, 256 << 20);
  boost::json::object zygote =
      boost::json::parse(SandboxLayout::For(small).ZygoteJson()).as_object();
  EXPECT_EQ(zygote.at("tmp_bytes").as_int64(), 10 << 20);
  EXPECT_EQ(zygote.at("shm_bytes").as_int64(), 64 << 20);
  EXPECT_EQ(zygote.at("job_dir").as_string(), "/job");
}

}  // namespace
}  // namespace manimd::sandbox
