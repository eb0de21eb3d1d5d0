// Hostile scenes against the real server (tests/integration/scenes/hostile/): each one
// broke manimd or reached past its sandbox once. Registered twice, with FORK_SERVER=off
// and =on, so both runner modes must hold.
#include <gtest/gtest.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <chrono>
#include <regex>
#include <thread>

#include "serve_process.h"

namespace manimd::testing_support {
namespace {

using std::chrono::steady_clock;

std::string Hostile(const std::string& file) { return "hostile/" + file + ".py"; }

std::string Message(const HttpReply& r) {
  if (!r.json.contains("error") || !r.json.at("error").is_object()) return "";
  return std::string(r.json.at("error").at("message").as_string());
}

std::string Kind(const HttpReply& r) {
  if (!r.json.contains("error") || !r.json.at("error").is_object()) return "";
  return std::string(r.json.at("error").at("kind").as_string());
}

// POST /api/jobs, then the job once it is final.
HttpReply RunJob(int port, const std::string& body, int timeout_s = 90) {
  HttpReply submitted =
      Http(port, "POST", "/api/jobs", body, {{"Content-Type", "application/json"}});
  if (submitted.status != 202) return submitted;
  return WaitForJob(port, std::string(submitted.json.at("jobId").as_string()), timeout_s);
}

TEST(HostileInputTest, ScenesEndingInSignalsOrOddExitCodesFailAsTheirOwnFault) {
  TestEnv env;
  ServeProcess server(env);
  ASSERT_GT(server.port(), 0) << server.Log();
  // Real-time signal (no name in sigabbrev_np), exit status past 128+SIGRTMAX, a real
  // SIGKILL, SIGINT to the PID namespace's init, and a forged "internal" verdict.
  for (const char* scene :
       {"rt_signal", "exit_200", "kill_self_9", "sigint_init", "forged_internal"}) {
    HttpReply sync = PostRender(server.port(), RenderBody(Hostile(scene)));
    EXPECT_EQ(sync.status, 422) << scene << ": " << sync.body;
    EXPECT_EQ(Kind(sync), "python_error") << scene;
    HttpReply job = RunJob(server.port(), RenderBody(Hostile(scene)));
    EXPECT_EQ(std::string(job.json.at("status").as_string()), "failed") << scene << job.body;
    EXPECT_EQ(Kind(job), "python_error") << scene;
    ASSERT_EQ(Http(server.port(), "GET", "/health").status, 200) << scene << server.Log();
  }
  EXPECT_NE(Message(PostRender(server.port(), RenderBody(Hostile("rt_signal")))).find("SIGRTMIN+"),
            std::string::npos);
  // Still serving real work afterwards.
  EXPECT_EQ(PostRender(server.port(), RenderBody("tiny.py")).status, 200);
}

TEST(HostileInputTest, AJobInterruptedThreeTimesFailsOnTheFourthStart) {
  TestEnv env;
  std::string id;
  for (int start = 1; start <= 3; ++start) {
    ServeProcess server(env);
    ASSERT_GT(server.port(), 0) << server.Log();
    if (start == 1) {
      HttpReply submitted =
          Http(server.port(), "POST", "/api/jobs", RenderBody(Hostile("sleep_long")),
               {{"Content-Type", "application/json"}});
      ASSERT_EQ(submitted.status, 202);
      id = std::string(submitted.json.at("jobId").as_string());
    }
    // Running (again): its sandbox is up. Then the server dies mid-render.
    ASSERT_TRUE(WaitFor([&] { return env.SandboxesAlive() > 0; }, 60)) << server.Log();
    server.Stop(SIGKILL);
    ASSERT_TRUE(WaitFor([&] { return env.ProcessesInUidRange(false) == 0; }, 30));
  }
  ServeProcess fourth(env);
  ASSERT_GT(fourth.port(), 0) << fourth.Log();
  HttpReply job = Http(fourth.port(), "GET", "/api/jobs/" + id);
  EXPECT_EQ(std::string(job.json.at("status").as_string()), "failed") << job.body;
  EXPECT_EQ(Kind(job), "internal");
  EXPECT_NE(Message(job).find("interrupted 3 times"), std::string::npos) << Message(job);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(env.SandboxesAlive(), 0) << "the abandoned job was started again";
}

TEST(HostileInputTest, TheSandboxHoldsNoClientConnectionAndLimitsStillApply) {
  TestEnv env;
  // A descriptor limit well above 1024, as on most container hosts, and connections that
  // get numbers past 1024 in the server.
  ServeProcess server(env, {{"RENDER_TIMEOUT_S", "4"}}, 8192);
  ASSERT_GT(server.port(), 0) << server.Log();
  IdleConnections idle(server.port(), 1100);
  ASSERT_EQ(idle.size(), 1100);
  HttpReply r = PostRender(server.port(), RenderBody(Hostile("list_fds")));
  ASSERT_EQ(r.status, 422) << r.body;
  std::smatch m;
  std::string message = Message(r);
  ASSERT_TRUE(std::regex_search(message, m, std::regex(R"(fds=([0-9,]+))"))) << message;
  std::stringstream list(m[1].str());
  std::string fd;
  while (std::getline(list, fd, ',')) {
    // 0-3 are ours, one is the listing itself and the runtime's libffi may hold one.
    EXPECT_LT(std::stoi(fd), 8) << message;
  }
  auto start = steady_clock::now();
  HttpReply slow = PostRender(server.port(), RenderBody(Hostile("sleep_long")));
  EXPECT_EQ(Kind(slow), "timeout") << slow.body;
  EXPECT_LT(steady_clock::now() - start, std::chrono::seconds(30));
  EXPECT_EQ(idle.ClosedByServer(), 0) << "idle clients were disturbed";
}

TEST(HostileInputTest, AFifoAsOutputFailsFastAndTheNextRenderWorks) {
  TestEnv env;
  ServeProcess server(env);
  ASSERT_GT(server.port(), 0) << server.Log();
  for (int i = 0; i < 2; ++i) {  // two of them once jammed both render slots
    HttpReply r = PostRender(server.port(), RenderBody(Hostile("fifo_output")));
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_NE(Message(r).find("not a regular file"), std::string::npos) << r.body;
  }
  EXPECT_EQ(PostRender(server.port(), RenderBody("tiny.py")).status, 200);
}

TEST(HostileInputTest, NoNamespacesOfItsOwnAndADevItCannotWrite) {
  TestEnv env;
  ServeProcess server(env);
  ASSERT_GT(server.port(), 0) << server.Log();
  // EPERM for clone(CLONE_NEWUSER) and unshare, ENOSYS for clone3.
  HttpReply userns = PostRender(server.port(), RenderBody(Hostile("new_userns")));
  EXPECT_NE(Message(userns).find("clone=-1/1 clone3=-1/38 unshare=-1/1"), std::string::npos)
      << userns.body;
  HttpReply dev = PostRender(server.port(), RenderBody(Hostile("write_dev")));
  EXPECT_NE(Message(dev).find("file=30 symlink=30"), std::string::npos) << dev.body;  // EROFS
}

TEST(HostileInputTest, FallocateCannotTakeTheHostsDisk) {
  TestEnv env;
  ServeProcess server(env, {{"RENDER_OUTPUT_MB", "100"}});
  ASSERT_GT(server.port(), 0) << server.Log();
  auto free_bytes = [&] {
    struct statvfs s {};
    statvfs(env.work_dir().c_str(), &s);
    return static_cast<double>(s.f_bavail) * static_cast<double>(s.f_frsize);
  };
  double before = free_bytes(), lowest = before;
  std::thread sampler;
  std::atomic<bool> done{false};
  sampler = std::thread([&] {
    while (!done) {
      lowest = std::min(lowest, free_bytes());
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  });
  HttpReply r = PostRender(server.port(), RenderBody(Hostile("fallocate_burst")));
  done = true;
  sampler.join();
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_NE(Message(r).find("fallocate errors=[1, 1, 1, 1, 1, 1, 1, 1]"), std::string::npos)
      << r.body;
  // 8 x 1000 MB asked for; at most the 100 MB limit plus some slack may ever be used.
  EXPECT_LT(before - lowest, 160.0 * (1 << 20));
}

TEST(HostileInputTest, AProgressStormCostsTheServerLittleCpu) {
  TestEnv env;
  ServeProcess server(env);
  ASSERT_GT(server.port(), 0) << server.Log();
  double cpu_before = CpuSeconds(server.pid());
  auto start = steady_clock::now();
  HttpReply job = RunJob(server.port(), RenderBody(Hostile("progress_storm")));
  double wall = std::chrono::duration<double>(steady_clock::now() - start).count();
  double cpu = CpuSeconds(server.pid()) - cpu_before;
  EXPECT_EQ(std::string(job.json.at("status").as_string()), "succeeded") << job.body;
  EXPECT_GT(wall, 5.0);  // the storm did run for its six seconds
  // Measured on the 2-core CI box: 4-5% of the wall time (12% under ASan on a loaded
  // machine); with the read budget removed the server parses the whole storm and spends
  // 86%. The bound sits between the two, so it catches the breakage, not a slow build.
  EXPECT_LT(cpu, 0.4 * wall) << "server CPU " << cpu << " s over " << wall << " s";
}

TEST(HostileInputTest, BytesThatAreNotUtf8NeverReachAnAnswer) {
  TestEnv env;
  ServeProcess server(env);
  ASSERT_GT(server.port(), 0) << server.Log();
  HttpReply sync = PostRender(server.port(), RenderBody(Hostile("bad_utf8")));
  EXPECT_EQ(sync.status, 422);
  ASSERT_FALSE(sync.json.empty()) << "not strict JSON: " << sync.body;  // Boost.JSON checks UTF-8
  EXPECT_NE(std::string(sync.json.at("error").at("logTail").as_string()).find("broken"),
            std::string::npos);
  HttpReply job = RunJob(server.port(), RenderBody(Hostile("bad_utf8")));
  ASSERT_FALSE(job.json.empty()) << job.body;
  HttpReply list = Http(server.port(), "GET", "/api/jobs");
  EXPECT_EQ(list.status, 200);
  EXPECT_FALSE(list.json.empty()) << "the job list is not strict JSON";
}

TEST(HostileInputTest, HugeErrorsAndForeignOutputsAreRefused) {
  TestEnv env;
  ServeProcess server(env);
  ASSERT_GT(server.port(), 0) << server.Log();
  HttpReply huge = PostRender(server.port(), RenderBody(Hostile("huge_error")));
  EXPECT_EQ(Kind(huge), "python_error");
  EXPECT_LE(Message(huge).size(), 16u << 10);
  EXPECT_LE(std::string(huge.json.at("error").at("traceback").as_string()).size(), 16u << 10);
  EXPECT_LT(huge.body.size(), 64u << 10);
  // The scene chooses neither the stored extension nor what is served: an .html "video"
  // is refused.
  HttpReply html = PostRender(server.port(), RenderBody(Hostile("html_output")));
  EXPECT_EQ(html.status, 422) << html.body;
  EXPECT_NE(Message(html).find("not the requested mp4"), std::string::npos) << html.body;
}

}  // namespace
}  // namespace manimd::testing_support
