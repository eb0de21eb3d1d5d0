// moto_server runs as a child process; its readiness is polled with plain HTTP.
#include "moto_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <thread>

#include "manimd_process.h"

namespace manimd::testing_support {
MotoServer::MotoServer(bool auth, int port)
    : auth_(auth), port_(port == 0 ? FreeLoopbackPort() : port) {
  std::string templ = (std::filesystem::temp_directory_path() / "manimd-moto-XXXXXX").string();
  if (mkdtemp(templ.data()) != nullptr) dir_ = templ;
  Start();
}

MotoServer::~MotoServer() {
  Stop();
  std::error_code ec;
  if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
}

std::string MotoServer::log() const { return Slurp(dir_ + "/moto.log"); }

bool MotoServer::Start() {
  endpoint_.clear();
  std::string log_path = dir_ + "/moto.log";
  pid_ = fork();
  if (pid_ == 0) {
    int fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    dup2(fd, 1);
    dup2(fd, 2);
    std::string port = std::to_string(port_);
    execlp("moto_server", "moto_server", "-H", "127.0.0.1", "-p", port.c_str(),
           static_cast<char*>(nullptr));
    _exit(127);
  }
  bool up = false;
  for (int i = 0; i < 300 && !up; ++i) {  // up to 30 s
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    up = LoopbackAnswers(port_);
  }
  if (!up) return false;
  std::string endpoint = "http://127.0.0.1:" + std::to_string(port_);
  std::vector<std::string> argv = {"python3", MANIMD_MOTO_SETUP, endpoint, bucket_};
  if (!auth_) argv.emplace_back("--no-auth");
  RunResult r = RunCommand(argv, {}, dir_);
  if (r.exit_code != 0 || !r.json.contains("accessKeyId")) {
    std::FILE* f = std::fopen(log_path.c_str(), "a");
    if (f) {
      std::fprintf(f, "moto_setup failed: %s %s\n", r.out.c_str(), r.err.c_str());
      std::fclose(f);
    }
    return false;
  }
  key_id_ = std::string(r.json.at("accessKeyId").as_string());
  secret_ = std::string(r.json.at("secretAccessKey").as_string());
  endpoint_ = endpoint;
  return true;
}

void MotoServer::Stop() {
  TerminateChild(pid_, std::chrono::seconds(5));
  pid_ = -1;
}

bool MotoServer::Restart() {
  Stop();
  for (int i = 0; i < 100 && LoopbackAnswers(port_); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return Start();
}

}  // namespace manimd::testing_support
