// The seed README's integration example (a Node `fetch` client), run as written with
// node against manimd: every client of the motion worker must keep working.
#include <gtest/gtest.h>

#include <regex>

#include "serve_process.h"

namespace manimd::testing_support {
namespace {

TEST(SeedClientTest, TheSeedReadmeFetchExampleWorksUnchanged) {
  TestEnv env;
  ServeProcess server(env);
  ASSERT_GT(server.port(), 0) << server.Log();
  std::string url = "http://localhost:" + std::to_string(server.port());
  RunResult r = RunCommand({"node", MANIMD_SEED_CLIENT, ScenePath("tiny.py")},
                           {{"WORKER_URL", url}}, env.dir());
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  std::smatch m;
  ASSERT_TRUE(
      std::regex_search(r.out, m, std::regex(R"(S3 Key: (videos/[0-9a-f-]{36}/Tiny\.mp4))")))
      << r.out << r.err;
  EXPECT_EQ(Http(server.port(), "GET", "/files/" + m[1].str()).status, 200);

  // The example's error path: a failing scene makes it log the server's message.
  RunResult failed = RunCommand({"node", MANIMD_SEED_CLIENT, ScenePath("errors_exception.py")},
                                {{"WORKER_URL", url}}, env.dir());
  EXPECT_NE(failed.err.find("KeyError"), std::string::npos) << failed.out << failed.err;
}

}  // namespace
}  // namespace manimd::testing_support
