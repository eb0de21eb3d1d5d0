// The terminal progress bar, seen through a real pseudo-terminal (script(1)).
#include <gtest/gtest.h>

#include <cstdlib>

#include "manimd_process.h"

namespace manimd::testing_support {
namespace {

TEST(CliProgressTest, TerminalShowsAnimationIOfNAndPercent) {
  TestEnv env;
  std::string command = std::string(MANIMD_BINARY) + " render " + ScenePath("progress.py") +
                        " -q l -o progress.mp4";
  std::map<std::string, std::string> vars = {{"MANIMD_WORK_DIR", env.work_dir()},
                                             {"MANIMD_RUN_DIR", env.dir() + "/run"},
                                             {"SANDBOX_UID_BASE", std::to_string(env.uid_base())}};
  std::string exports;
  for (const auto& [k, v] : vars) exports += k + "=" + v + " ";
  // script gives the command a pty on stdin/stdout/stderr and copies what it printed.
  std::string log = env.dir() + "/typescript";
  std::string shell = "cd " + env.dir() + " && env " + exports + command;
  int rc = std::system(("script -qfec '" + shell + "' " + log + " >/dev/null 2>&1").c_str());
  ASSERT_EQ(rc, 0);
  std::string screen = Slurp(log);
  EXPECT_NE(screen.find("animation 1/2"), std::string::npos) << screen;
  EXPECT_NE(screen.find("100%  animation 2/2"), std::string::npos) << screen;
  EXPECT_NE(screen.find("Progress: progress.mp4"), std::string::npos) << screen;
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
