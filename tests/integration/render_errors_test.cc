// Failures in the scene author's terms: each has its stable kind, a clear message and,
// where Python raised, the plain traceback. Also the CLI's usage errors.
#include <gtest/gtest.h>

#include "manimd_process.h"

namespace manimd::testing_support {
namespace {

std::string Kind(const RunResult& r) { return r.json.at("error").at("kind").as_string().c_str(); }
std::string Message(const RunResult& r) {
  return r.json.at("error").at("message").as_string().c_str();
}
std::string Traceback(const RunResult& r) {
  return r.json.at("error").at("traceback").as_string().c_str();
}

TEST(RenderErrorsTest, SyntaxErrorGivesFileLineColumn) {
  TestEnv env;
  std::string file = env.WriteFile("broken.py", Slurp(ScenePath("errors_syntax.py")));
  RunResult r = env.Manimd({"render", "broken.py", "--json", "-q", "l"});
  EXPECT_EQ(r.exit_code, 1);
  ASSERT_FALSE(r.json.at("ok").as_bool());
  EXPECT_EQ(Kind(r), "invalid_code");
  EXPECT_EQ(Message(r).rfind("broken.py:5:24: SyntaxError", 0), 0u) << Message(r);
  EXPECT_NE(Traceback(r).find("def construct(self)"), std::string::npos);
}

TEST(RenderErrorsTest, ExceptionGivesPlainTraceback) {
  TestEnv env;
  RunResult r = env.Render("errors_exception.py", {"-q", "l"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(Kind(r), "python_error");
  EXPECT_EQ(Message(r), "KeyError: 'missing'");
  std::string tb = Traceback(r);
  EXPECT_EQ(tb.rfind("Traceback (most recent call last):", 0), 0u) << tb;
  EXPECT_NE(tb.find("errors_exception.py\", line 8, in construct"), std::string::npos) << tb;
  EXPECT_NE(tb.find("values[\"missing\"]"), std::string::npos) << tb;
  // Plain text: no colour codes, no rich box drawing, no wrapper frames.
  EXPECT_EQ(tb.find('\x1b'), std::string::npos);
  EXPECT_EQ(tb.find("\xe2\x94\x82"), std::string::npos);
  EXPECT_EQ(tb.find("/manimd/render.py"), std::string::npos);
  EXPECT_EQ(env.JobDirsLeft(), 0);
}

TEST(RenderErrorsTest, HumanOutputShowsTheTraceback) {
  TestEnv env;
  RunResult r = env.Manimd({"render", ScenePath("errors_exception.py"), "-q", "l"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("error (python_error): KeyError: 'missing'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Traceback (most recent call last):"), std::string::npos);
}

TEST(RenderErrorsTest, NoSceneSubclass) {
  TestEnv env;
  RunResult r = env.Render("errors_no_scene.py", {"-q", "l"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(Kind(r), "invalid_code");
  EXPECT_NE(Message(r).find("no Scene subclass found"), std::string::npos) << Message(r);
}

TEST(RenderErrorsTest, UnknownSceneListsTheOnesFound) {
  TestEnv env;
  RunResult r = env.Render("two_scenes.py", {"-q", "l", "--scene", "Third"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(Kind(r), "scene_not_found");
  EXPECT_EQ(Message(r), "scene Third not found, found: First, Second");
}

TEST(RenderErrorsTest, BadArgumentsAreUsageErrors) {
  TestEnv env;
  std::string scene = ScenePath("tiny.py");
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"render", scene, "--quality", "x"},
        {"render", scene, "--format", "avi"},
        {"render", scene, "--resolution", "12"},
        {"render", scene, "--fps", "0"},
        {"render", scene, "--timeout", "0"},
        {"render", scene, "--scene", "not a name"},
        {"render", scene, "--transparent", "--format", "mp4"},
        {"render", env.dir() + "/missing.py"},
        {"render", scene, "-o", env.dir() + "/no/such/dir/out.mp4"},
        {"render"},
        {"frobnicate"}}) {
    RunResult r = env.Manimd(args);
    EXPECT_EQ(r.exit_code, 2) << args.back() << ": " << r.err;
    EXPECT_FALSE(r.err.empty());
  }
}

TEST(RenderErrorsTest, BadConfigurationFailsWithOneLine) {
  TestEnv env;
  RunResult r = env.Manimd({"render", ScenePath("tiny.py")}, {{"RENDER_TIMEOUT_S", "soon"}});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("RENDER_TIMEOUT_S must be an integer"), std::string::npos) << r.err;
}

TEST(RenderErrorsTest, MissingRuntimeSaysHowToBuildIt) {
  TestEnv env;
  RunResult r = env.Manimd({"render", ScenePath("tiny.py")},
                           {{"MANIMD_RUNTIME_DIR", env.dir() + "/nothing"}});
  EXPECT_EQ(r.exit_code, 70);
  EXPECT_NE(r.err.find("scripts/setup"), std::string::npos) << r.err;
}

TEST(RenderErrorsTest, FlagsOverrideTheEnvironment) {
  TestEnv env;
  RunResult r = env.Manimd({"render", ScenePath("tiny.py"), "--render-timeout-s", "later"},
                           {{"RENDER_TIMEOUT_S", "30"}});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("RENDER_TIMEOUT_S must be an integer"), std::string::npos) << r.err;
  r = env.Manimd({"render", ScenePath("tiny.py"), "--json", "--render-memory-mb", "1024"},
                 {{"RENDER_MEMORY_MB", "soon"}});
  EXPECT_EQ(r.exit_code, 0) << r.err;  // the flag's good value wins over the bad variable
}

TEST(RenderErrorsTest, DotenvFileIsRead) {
  TestEnv env;
  env.WriteFile(".env", "RENDER_TIMEOUT_S=nope\n");
  RunResult r = env.Manimd({"render", ScenePath("tiny.py")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("RENDER_TIMEOUT_S"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace manimd::testing_support
