// redis-server as a child process; readiness is a PING over a plain socket (RESP by hand:
// a test helper needs no client library).
#include "redis_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>
#include <vector>

#include "manimd_process.h"

namespace manimd::testing_support {
RedisServer::RedisServer() : port_(FreeLoopbackPort()) {
  std::string templ = (std::filesystem::temp_directory_path() / "manimd-redis-XXXXXX").string();
  if (mkdtemp(templ.data()) != nullptr) dir_ = templ;
  Start();
}

RedisServer::~RedisServer() {
  Stop();
  std::error_code ec;
  if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
}

std::string RedisServer::url() const {
  return pid_ > 0 ? "redis://127.0.0.1:" + std::to_string(port_) + "/0" : "";
}

std::string RedisServer::log() const { return Slurp(dir_ + "/redis.log"); }

bool RedisServer::Start() {
  if (pid_ > 0 || dir_.empty()) return pid_ > 0;
  pid_ = fork();
  if (pid_ == 0) {
    int out = open((dir_ + "/redis.log").c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    dup2(out, 1);
    dup2(out, 2);
    std::string port = std::to_string(port_);
    execlp("redis-server", "redis-server", "--port", port.c_str(), "--bind", "127.0.0.1", "--dir",
           dir_.c_str(), "--appendonly", "yes", "--appendfsync", "always", "--save", "",
           "--daemonize", "no", "--maxmemory-policy", "noeviction", nullptr);
    _exit(127);
  }
  for (int i = 0; i < 200; ++i) {  // up to 10 s
    if (Command({"PING"}) == "+PONG") return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

void RedisServer::Stop() {
  TerminateChild(pid_, std::chrono::seconds(10));
  pid_ = -1;
}

std::string RedisServer::Command(const std::vector<std::string>& args) const {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr = Loopback(port_);
  timeval tv{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  std::string reply;
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    std::string request = "*" + std::to_string(args.size()) + "\r\n";
    for (const std::string& a : args) {
      request += "$" + std::to_string(a.size()) + "\r\n" + a + "\r\n";
    }
    if (write(fd, request.data(), request.size()) == static_cast<ssize_t>(request.size())) {
      char buf[4096];
      ssize_t n = read(fd, buf, sizeof buf);
      if (n > 0) reply.assign(buf, static_cast<size_t>(n));
    }
  }
  close(fd);
  return reply.substr(0, reply.find("\r\n"));
}

}  // namespace manimd::testing_support
