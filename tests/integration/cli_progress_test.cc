// The terminal progress bar, seen through a real pseudo-terminal (script(1)).
#include <gtest/gtest.h>

#include <cstdlib>

#include "manimd_process.h"

namespace manimd::testing_support {
namespace {

// Renders `scene` under script(1), which gives it a pty and copies what it printed.
std::string RenderOnTerminal(const TestEnv& env, const std::string& scene) {
  std::string command =
      std::string(MANIMD_BINARY) + " render " + ScenePath(scene) + " -q l -o out.mp4";
  std::map<std::string, std::string> vars = env.Vars();
  std::string exports;
  for (const auto& [k, v] : vars) exports += k + "=" + v + " ";
  std::string log = env.dir() + "/typescript";
  std::string shell = "cd " + env.dir() + " && env " + exports + command;
  int rc = std::system(("script -qfec '" + shell + "' " + log + " >/dev/null 2>&1").c_str());
  EXPECT_EQ(rc, 0);
  return Slurp(log);
}

TEST(CliProgressTest, TerminalShowsAnimationIOfNAndPercent) {
  TestEnv env;
  std::string screen = RenderOnTerminal(env, "progress.py");  // n known from the source
  EXPECT_NE(screen.find("animation 1/2"), std::string::npos) << screen;
  EXPECT_NE(screen.find("100%  animation 2/2"), std::string::npos) << screen;
  EXPECT_NE(screen.find("Progress: out.mp4"), std::string::npos) << screen;
}

TEST(CliProgressTest, LoopedAnimationsAreCountedByTheCountingChild) {
  TestEnv env;
  std::string screen = RenderOnTerminal(env, "loop_progress.py");
  EXPECT_NE(screen.find("100%  animation 3/3"), std::string::npos) << screen;
  EXPECT_NE(screen.find("LoopProgress: out.mp4"), std::string::npos) << screen;
}

TEST(CliProgressTest, ClockKeepsTickingWithoutEvents) {
  TestEnv env;
  std::string screen = RenderOnTerminal(env, "slow_start.py");
  EXPECT_NE(screen.find("starting  0:02"), std::string::npos) << screen;
  EXPECT_NE(screen.find("100%  animation 1/1"), std::string::npos) << screen;
}

TEST(CliProgressTest, SaysWhichOtherScenesTheFileHas) {
  TestEnv env;
  RunResult r = env.Manimd({"render", ScenePath("two_scenes.py"), "-q", "l"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("the file also has Second; render one with --scene NAME"), std::string::npos)
      << r.err;
  r = env.Manimd({"render", ScenePath("two_scenes.py"), "-q", "l", "--scene", "First"});
  EXPECT_EQ(r.err.find("also has"), std::string::npos) << r.err;
}

TEST(CliProgressTest, NoBarWhenNotATerminal) {
  TestEnv env;
  RunResult r = env.Manimd({"render", ScenePath("shapes.py"), "-q", "l"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.find("animation"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find('\r'), std::string::npos);
  EXPECT_NE(r.err.find("Shapes: Shapes.mp4"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace manimd::testing_support
