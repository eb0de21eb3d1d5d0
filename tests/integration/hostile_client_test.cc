// Hostile clients against the real server: connection floods, clients that stop reading,
// Host headers made to be reflected, and a configuration that would let sandboxes run
// as real users.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "serve_process.h"

namespace manimd::testing_support {
namespace {

namespace fs = std::filesystem;
using std::chrono::steady_clock;

double Seconds(steady_clock::duration d) { return std::chrono::duration<double>(d).count(); }

TEST(HostileClientTest, TwoThousandIdleConnectionsDoNotDelayARender) {
  TestEnv env;
  // The common default descriptor limit: 1024, soft and hard.
  ServeProcess server(env, {}, 1024);
  ASSERT_GT(server.port(), 0) << server.Log();
  auto start = steady_clock::now();
  ASSERT_EQ(PostRender(server.port(), RenderBody("tiny.py")).status, 200) << server.Log();
  double unloaded = Seconds(steady_clock::now() - start);

  IdleConnections idle(server.port(), 2000);
  ASSERT_EQ(idle.size(), 2000);
  start = steady_clock::now();
  HttpReply r = PostRender(server.port(), RenderBody("tiny.py"));
  double loaded = Seconds(steady_clock::now() - start);
  EXPECT_EQ(r.status, 200) << r.body << server.Log();
  // Not a timing benchmark: the flood once stalled a render for a minute.
  EXPECT_LT(loaded, std::max(5.0, 4 * unloaded)) << "unloaded " << unloaded << " s";
  // Past MAX_CONNECTIONS the oldest idle connections made room, which the log says in a
  // few lines, not one per connection.
  EXPECT_TRUE(WaitFor([&] { return idle.ClosedByServer() > 1000; }, 5)) << idle.ClosedByServer();
  std::string log = server.Log();
  size_t lines = 0;
  for (size_t at = log.find("http.connection_evicted"); at != std::string::npos;
       at = log.find("http.connection_evicted", at + 1)) {
    ++lines;
  }
  EXPECT_GE(lines, 1u);
  EXPECT_LT(lines, 50u);
}

TEST(HostileClientTest, TheHostHeaderIsNotReflectedIntoLinks) {
  TestEnv env;
  ServeProcess server(env);
  ASSERT_GT(server.port(), 0) << server.Log();
  HttpReply r = Http(server.port(), "POST", "/api/render", RenderBody("tiny.py"),
                     {{"Content-Type", "application/json"}, {"Host", "\"><script>x</script>"}});
  ASSERT_EQ(r.status, 200) << r.body;
  std::string url(r.json.at("url").as_string());
  EXPECT_EQ(url.rfind("/files/videos/", 0), 0u) << url;
  // A plain host is still used, as before.
  HttpReply plain = PostRender(server.port(), RenderBody("tiny.py"));
  EXPECT_EQ(std::string(plain.json.at("url").as_string()).rfind("http://127.0.0.1:", 0), 0u);
  // Files are served as what they are, never sniffed into something else.
  HttpReply file = Http(server.port(), "GET", url);
  EXPECT_EQ(file.status, 200);
  EXPECT_EQ(file.Header("x-content-type-options"), "nosniff");
}

TEST(HostileClientTest, AClientThatStopsReadingADownloadIsCutOff) {
  TestEnv env;
  ServeProcess server(env, {{"WRITE_TIMEOUT_S", "2"}});
  ASSERT_GT(server.port(), 0) << server.Log();
  // A large object in local storage, far more than socket buffers hold.
  fs::path object = fs::path(server.data_dir()) / "objects/videos/big/Big.mp4";
  fs::create_directories(object.parent_path());
  const size_t size = 64u << 20;
  {
    std::ofstream out(object, std::ios::binary);
    std::string chunk(1 << 20, 'v');
    for (size_t i = 0; i < size >> 20; ++i) out << chunk;
  }
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr = Loopback(server.port());
  int small = 4096;
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  std::string request = "GET /files/videos/big/Big.mp4 HTTP/1.1\r\nHost: x\r\n\r\n";
  ASSERT_EQ(write(fd, request.data(), request.size()), static_cast<ssize_t>(request.size()));
  std::this_thread::sleep_for(std::chrono::seconds(5));  // not reading: the server waits 2 s
  size_t received = 0;
  char buf[1 << 16];
  timeval tv{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;) received += static_cast<size_t>(n);
  close(fd);
  EXPECT_GT(received, 0u);
  EXPECT_LT(received, size / 2) << "the server kept writing to a client that did not read";
  // And the server is fine.
  EXPECT_EQ(Http(server.port(), "GET", "/health").status, 200);
}

TEST(HostileClientTest, SandboxUidsOfExistingAccountsAreRefusedAtStart) {
  TestEnv env;
  // Debian's nobody is uid 65534: two slots from 65533 would run sandboxes as nobody.
  ServeProcess server(env, {{"SANDBOX_UID_BASE", "65533"}});
  EXPECT_EQ(server.port(), 0);
  EXPECT_EQ(server.Wait(10), 2);
  EXPECT_NE(server.Log().find("nobody"), std::string::npos) << server.Log();
}

}  // namespace
}  // namespace manimd::testing_support
