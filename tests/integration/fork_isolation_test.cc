// The fork server's isolation between jobs, through the real service: a job never sees
// another job's files, processes, sockets or shared memory, neither one running beside it
// (another slot's fork server) nor one that ran before it in the same fork server.
#include <gtest/gtest.h>
#include <signal.h>

#include <cstdlib>
#include <filesystem>
#include <future>
#include <map>
#include <set>

#include "serve_process.h"

namespace manimd::testing_support {
namespace {

TEST(ForkIsolationTest, AJobSeesNothingOfItsNeighbour) {
  TestEnv env;
  ServeProcess server(env, {{"MAX_CONCURRENT_RENDERS", "2"}, {"FORK_SERVER", "on"}});
  ASSERT_GT(server.port(), 0) << server.Log();
  auto holder = std::async(std::launch::async, [&] {
    return PostRender(server.port(), RenderBody("isolation_holder.py"));
  });
  ASSERT_TRUE(WaitFor([&] { return env.JobDirsLeft() >= 1; })) << server.Log();
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // its things are in place
  HttpReply prober = PostRender(server.port(), RenderBody("isolation_prober.py"));
  EXPECT_EQ(prober.status, 200) << prober.body;
  EXPECT_EQ(holder.get().status, 200);
}

// One sandbox recipe: a cold job and a forked one see the same mounts, sizes and files.
TEST(SandboxLayoutTest, BothRunnerModesLayOutTheSameSandbox) {
  TestEnv env;
  std::map<std::string, std::string> layout;
  for (const char* mode : {"off", "on"}) {
    RunResult r = env.Render("report_mounts.py", {"-q", "l"},
                             {{"FORK_SERVER", mode}, {"RENDER_OUTPUT_MB", "100"}});
    ASSERT_TRUE(r.json.contains("error")) << r.out << r.err;
    std::string message(r.json.at("error").at("message").as_string());
    size_t at = message.find("layout ");
    ASSERT_NE(at, std::string::npos) << message;
    layout[mode] = message.substr(at);
  }
  EXPECT_EQ(layout["off"], layout["on"]);
  // /tmp is sized by the output limit, /dev is read-only but /dev/shm is not.
  EXPECT_NE(layout["off"].find("tmp=104857600 shm=67108864 job=rw:/job dev=ro shm_rw=rw root=ro"),
            std::string::npos)
      << layout["off"];
}

// Processes of one host share the uid range without disturbing each other: CLI renders
// between a server's requests leave the server's idle fork server alone.
TEST(ForkServerTest, CliRendersBesideAServerLeaveItsForkServerAlone) {
  TestEnv env;
  ServeProcess server(env, {{"MAX_CONCURRENT_RENDERS", "1"}, {"FORK_SERVER", "on"}});
  ASSERT_GT(server.port(), 0) << server.Log();
  ASSERT_EQ(PostRender(server.port(), RenderBody("tiny.py")).status, 200);
  std::set<pid_t> zygotes = env.Zygotes();
  ASSERT_EQ(zygotes.size(), 1u) << "the server's fork server is up";
  for (int i = 0; i < 2; ++i) {
    RunResult cli = env.Render("tiny.py", {"-q", "l"});  // cold, in the same uid range
    EXPECT_EQ(cli.exit_code, 0) << cli.out << cli.err;
    EXPECT_EQ(env.Zygotes(), zygotes) << "a CLI render swept the server's fork server";
    ASSERT_EQ(PostRender(server.port(), RenderBody("tiny.py")).status, 200);
  }
  EXPECT_EQ(env.Zygotes(), zygotes);
  std::string log = server.Log();
  EXPECT_EQ(log.find("render.fork_fallback"), std::string::npos) << log;
  EXPECT_EQ(log.find("sandbox.uid_swept"), std::string::npos) << log;
}

TEST(ForkIsolationTest, AJobSeesNothingTheJobBeforeItLeft) {
  TestEnv env;
  // One slot: both jobs run in the same fork server, one after the other.
  ServeProcess server(env, {{"MAX_CONCURRENT_RENDERS", "1"}, {"FORK_SERVER", "on"}});
  ASSERT_GT(server.port(), 0) << server.Log();
  HttpReply holder = PostRender(server.port(), RenderBody("isolation_holder.py"));
  ASSERT_EQ(holder.status, 200) << holder.body;
  HttpReply prober = PostRender(server.port(), RenderBody("isolation_prober.py"));
  EXPECT_EQ(prober.status, 200) << prober.body;
  EXPECT_EQ(server.Log().find("render.fork_fallback"), std::string::npos) << server.Log();
}

TEST(ForkIsolationTest, TheProberDoesFindWhatIsReallyThere) {
  // The probe must be able to fail: the holder's things inside its own sandbox are seen.
  TestEnv env;
  ServeProcess server(env, {{"FORK_SERVER", "on"}});
  ASSERT_GT(server.port(), 0) << server.Log();
  std::string both = Slurp(ScenePath("isolation_holder.py")) + "\n" +
                     Slurp(ScenePath("isolation_prober.py"))
                         .substr(Slurp(ScenePath("isolation_prober.py")).find("class Prober"));
  both +=
      "\n\nclass Both(Scene):\n    def construct(self):\n"
      "        Holder.construct.__globals__['os'].environ['HOLD_S'] = '0'\n"
      "        Holder.construct(self)\n        Prober.construct(self)\n";
  HttpReply r = PostRender(
      server.port(),
      boost::json::serialize(boost::json::object{
          {"codeContent", "import glob\n" + both}, {"quality", "-ql"}, {"scene", "Both"}}));
  ASSERT_EQ(r.status, 422) << r.body;
  std::string message(r.json.at("error").at("message").as_string());
  EXPECT_NE(message.find("LEAK"), std::string::npos) << message;
  EXPECT_NE(message.find("/tmp/holder-secret"), std::string::npos) << message;
  EXPECT_NE(message.find("abstract socket"), std::string::npos) << message;
}

// The pids of this test's fork servers (python3 ... --zygote under its slot uids).
std::vector<pid_t> Zygotes(const TestEnv& env) {
  std::vector<pid_t> pids;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    std::string name = entry.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::string cmdline = Slurp(entry.path() / "cmdline");
    std::string status = Slurp(entry.path() / "status");
    size_t uid_at = status.find("Uid:");
    bool zygote = cmdline.rfind("python3", 0) == 0 && cmdline.find("--zygote") != std::string::npos;
    if (!zygote || uid_at == std::string::npos) continue;  // not bwrap, which has it in argv too
    uid_t uid = static_cast<uid_t>(std::strtoul(status.c_str() + uid_at + 4, nullptr, 10));
    if (uid >= env.uid_base() && uid < env.uid_base() + 10) pids.push_back(std::stoi(name));
  }
  return pids;
}

TEST(ForkServerTest, AKilledForkServerCostsNoJob) {
  TestEnv env;
  ServeProcess server(env, {{"MAX_CONCURRENT_RENDERS", "1"}, {"FORK_SERVER", "on"}});
  ASSERT_GT(server.port(), 0) << server.Log();
  ASSERT_EQ(PostRender(server.port(), RenderBody("tiny.py")).status, 200);
  std::vector<pid_t> zygotes = Zygotes(env);
  ASSERT_EQ(zygotes.size(), 1u);
  kill(zygotes[0], SIGKILL);
  // The next job finds it gone: a fresh fork server (or, if it died mid-hand-over, a cold
  // sandbox) renders it; either way no job is lost.
  EXPECT_EQ(PostRender(server.port(), RenderBody("tiny.py")).status, 200) << server.Log();
  EXPECT_EQ(PostRender(server.port(), RenderBody("tiny.py")).status, 200);
  std::vector<pid_t> now = Zygotes(env);
  ASSERT_EQ(now.size(), 1u);
  EXPECT_NE(now[0], zygotes[0]);
}

TEST(ForkServerTest, ItIsReplacedAfterMaxJobs) {
  TestEnv env;
  ServeProcess server(
      env, {{"MAX_CONCURRENT_RENDERS", "1"}, {"FORK_SERVER", "on"}, {"FORK_SERVER_MAX_JOBS", "2"}});
  ASSERT_GT(server.port(), 0) << server.Log();
  ASSERT_EQ(PostRender(server.port(), RenderBody("tiny.py")).status, 200);
  std::vector<pid_t> first = Zygotes(env);
  ASSERT_EQ(first.size(), 1u);
  ASSERT_EQ(PostRender(server.port(), RenderBody("tiny.py")).status, 200);  // its second: retired
  EXPECT_TRUE(WaitFor([&] { return Zygotes(env).empty(); }, 10));
  ASSERT_EQ(PostRender(server.port(), RenderBody("tiny.py")).status, 200);
  std::vector<pid_t> second = Zygotes(env);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_NE(second[0], first[0]);
}

}  // namespace
}  // namespace manimd::testing_support
