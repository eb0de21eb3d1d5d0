// `manimd serve` as a process: the queue limit, graceful shutdown with a render in
// flight, a client that leaves mid-render, start-up errors, .env, logs, and leftovers.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <sstream>
#include <thread>

#include "serve_process.h"

namespace manimd::testing_support {
namespace {

namespace fs = std::filesystem;
using std::chrono::steady_clock;

int CountEntries(const std::string& dir) {
  std::error_code ec;
  int n = 0;
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); ++it) ++n;
  return n;
}

TEST(ServeLifecycleTest, FullQueueAnswers503WithRetryAfter) {
  TestEnv env;
  ServeProcess server(env, {{"MAX_CONCURRENT_RENDERS", "1"}, {"MAX_QUEUE", "1"}});
  ASSERT_GT(server.port(), 0) << server.Log();
  auto first = std::async(std::launch::async,
                          [&] { return PostRender(server.port(), RenderBody("sleepy.py")); });
  ASSERT_TRUE(WaitFor([&] { return env.ProcessesInUidRange(false) > 0; })) << server.Log();
  auto second = std::async(std::launch::async,
                           [&] { return PostRender(server.port(), RenderBody("tiny.py")); });
  // The second waits in the queue (it answers only after the first); a third is refused.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  HttpReply third = PostRender(server.port(), RenderBody("tiny.py"));
  EXPECT_EQ(third.status, 503) << third.body;
  EXPECT_NE(std::string(third.json.at("message").as_string()).find("queue is full"),
            std::string::npos);
  int retry_after = std::atoi(third.Header("retry-after").c_str());
  EXPECT_GE(retry_after, 1);
  EXPECT_EQ(first.get().status, 200);
  EXPECT_EQ(second.get().status, 200);
}

TEST(ServeLifecycleTest, SigtermLetsTheRunningRenderFinishThenExitsZero) {
  TestEnv env;
  ServeProcess server(env);
  ASSERT_GT(server.port(), 0) << server.Log();
  auto render = std::async(std::launch::async,
                           [&] { return PostRender(server.port(), RenderBody("sleepy.py")); });
  ASSERT_TRUE(WaitFor([&] { return env.ProcessesInUidRange(false) > 0; })) << server.Log();
  kill(server.pid(), SIGTERM);
  // Stopped accepting: a new connection is refused while the render goes on.
  ASSERT_TRUE(WaitFor([&] { return Http(server.port(), "GET", "/health").status == 0; }, 5));
  HttpReply r = render.get();
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(server.Wait(30), 0) << server.Log();
  std::string key(r.json.at("s3Key").as_string());
  EXPECT_TRUE(fs::exists(server.data_dir() + "/objects/" + key));
  EXPECT_NE(server.Log().find("server.stopped"), std::string::npos);
  // Killed at exit; on a loaded machine they may take a moment to be gone.
  EXPECT_TRUE(WaitFor([&] { return env.ProcessesInUidRange() == 0; }, 10));
  EXPECT_EQ(env.JobDirsLeft(), 0);
  EXPECT_EQ(CountEntries(server.data_dir() + "/staging"), 0);
}

TEST(ServeLifecycleTest, GraceOverStopsTheRenderAndStillExitsZero) {
  TestEnv env;
  ServeProcess server(env, {{"SHUTDOWN_GRACE_S", "0"}});
  ASSERT_GT(server.port(), 0) << server.Log();
  auto render = std::async(std::launch::async,
                           [&] { return PostRender(server.port(), RenderBody("sleepy.py")); });
  ASSERT_TRUE(WaitFor([&] { return env.ProcessesInUidRange(false) > 0; })) << server.Log();
  kill(server.pid(), SIGTERM);
  HttpReply r = render.get();
  EXPECT_EQ(r.status, 503) << r.body;
  EXPECT_EQ(r.json.at("error").at("kind"), "cancelled");
  EXPECT_EQ(server.Wait(30), 0) << server.Log();
  EXPECT_TRUE(WaitFor([&] { return env.ProcessesInUidRange() == 0; }, 10));
}

TEST(ServeLifecycleTest, ClientThatLeavesMidRenderStopsItsSandbox) {
  TestEnv env;
  ServeProcess server(env);
  ASSERT_GT(server.port(), 0) << server.Log();
  std::string body = RenderBody("sleepy.py");
  std::ostringstream request;
  request << "POST /api/render HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          << "Content-Length: " << body.size() << "\r\n\r\n"
          << body;
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(server.port()));
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  std::string text = request.str();
  ASSERT_EQ(write(fd, text.data(), text.size()), static_cast<ssize_t>(text.size()));
  ASSERT_TRUE(WaitFor([&] { return env.ProcessesInUidRange(false) > 0; })) << server.Log();
  close(fd);
  // The sandbox is stopped, not left to finish its 4 s sleep: the outcome says cancelled.
  EXPECT_TRUE(WaitFor([&] { return env.ProcessesInUidRange() == 0; }, 10));
  EXPECT_TRUE(WaitFor([&] { return server.Log().find("outcome=cancelled") != std::string::npos; }))
      << server.Log();
  EXPECT_NE(server.Log().find("render.client_gone"), std::string::npos);
  EXPECT_EQ(Http(server.port(), "GET", "/health").status, 200);
  EXPECT_TRUE(WaitFor([&] { return env.JobDirsLeft() == 0; }, 5));
}

TEST(ServeLifecycleTest, BadConfigurationFailsAtStartWithOneLine) {
  TestEnv env;
  ServeProcess bad_port(env, {{"PORT", "http"}});
  EXPECT_EQ(bad_port.Wait(10), 2);
  std::string log = bad_port.Log();
  EXPECT_NE(log.find("PORT must be an integer"), std::string::npos) << log;
  EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), 1) << log;

  TestEnv env2;
  ServeProcess first(env2);
  ASSERT_GT(first.port(), 0);
  TestEnv env3;
  ServeProcess taken(env3, {{"PORT", std::to_string(first.port())}});
  EXPECT_EQ(taken.Wait(10), 2);
  EXPECT_NE(taken.Log().find("cannot listen on"), std::string::npos) << taken.Log();
}

TEST(ServeLifecycleTest, DotenvIsReadAndTheEnvironmentWins) {
  TestEnv env;
  env.WriteFile(".env", "LOG_FORMAT=json\nMAX_QUEUE=7\nMOTION_HOST_ORIGIN=http://from-dotenv\n");
  ServeProcess server(env, {{"MOTION_HOST_ORIGIN", "http://from-env"}});
  ASSERT_GT(server.port(), 0) << server.Log();
  HttpReply r = Http(server.port(), "GET", "/health", "", {{"Origin", "http://from-env"}});
  EXPECT_EQ(r.Header("access-control-allow-origin"), "http://from-env");
  ASSERT_TRUE(WaitFor([&] { return server.Log().find("http.request") != std::string::npos; }));
  // LOG_FORMAT=json came from .env: every line is one JSON object with an event name.
  std::istringstream lines(server.Log());
  std::string line;
  int events = 0;
  while (std::getline(lines, line)) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(line, ec);
    ASSERT_FALSE(ec) << line;
    EXPECT_TRUE(v.as_object().contains("event"));
    EXPECT_TRUE(v.as_object().contains("ts"));
    ++events;
  }
  EXPECT_GE(events, 2);  // server.listening, http.request
  EXPECT_NE(server.Log().find("\"max_queue\":7"), std::string::npos);
}

TEST(ServeLifecycleTest, LeftoversOfAKilledServerAreCleanedAtStart) {
  TestEnv env;
  {
    ServeProcess server(env);
    ASSERT_GT(server.port(), 0);
    auto render = std::async(std::launch::async,
                             [&] { return PostRender(server.port(), RenderBody("sleepy.py")); });
    ASSERT_TRUE(WaitFor([&] { return env.ProcessesInUidRange(false) > 0; })) << server.Log();
    server.Stop(SIGKILL);
    EXPECT_EQ(render.get().status, 0);
  }
  EXPECT_TRUE(WaitFor([&] { return env.ProcessesInUidRange(false) == 0; }, 10));
  ServeProcess again(env);
  ASSERT_GT(again.port(), 0) << again.Log();
  EXPECT_EQ(CountEntries(again.data_dir() + "/staging"), 0);
  EXPECT_EQ(env.JobDirsLeft(), 0);
  EXPECT_EQ(PostRender(again.port(), RenderBody("tiny.py")).status, 200);
}

}  // namespace
}  // namespace manimd::testing_support
