// A blocking Beast client is all a test needs; exceptions from it become status 0.
#include "serve_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <regex>
#include <sstream>
#include <thread>

namespace manimd::testing_support {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::string HttpReply::Header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? "" : it->second;
}

HttpReply Http(int port, const std::string& method, const std::string& target,
               const std::string& body, const std::map<std::string, std::string>& headers) {
  HttpReply reply;
  try {
    asio::io_context io;
    asio::ip::tcp::socket socket(io);
    socket.connect({asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)});
    http::request<http::string_body> req{http::string_to_verb(method), target, 11};
    req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
    for (const auto& [k, v] : headers) req.set(k, v);
    req.body() = body;
    if (!body.empty() || method == "POST") req.prepare_payload();
    http::write(socket, req);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(1ULL << 30);
    parser.skip(method == "HEAD");
    http::read(socket, buffer, parser);
    const auto& res = parser.get();
    reply.status = res.result_int();
    for (const auto& field : res) {
      reply.headers[Lower(std::string(field.name_string()))] = std::string(field.value());
    }
    reply.body = res.body();
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(reply.body, ec);
    if (!ec && v.is_object()) reply.json = v.as_object();
  } catch (const std::exception&) {
    reply.status = 0;
  }
  return reply;
}

HttpReply PostRender(int port, const std::string& json_body) {
  return Http(port, "POST", "/api/render", json_body, {{"Content-Type", "application/json"}});
}

std::string RenderBody(const std::string& scene_file, const std::string& quality,
                       const boost::json::object& extra) {
  boost::json::object o{{"codeContent", Slurp(ScenePath(scene_file))}, {"quality", quality}};
  for (const auto& [k, v] : extra) o[k] = v;
  return boost::json::serialize(o);
}

std::vector<SseEvent> ReadSse(int port, const std::string& target, int timeout_s, int* status,
                              const std::map<std::string, std::string>& headers) {
  std::vector<SseEvent> events;
  *status = 0;
  try {
    asio::io_context io;
    asio::ip::tcp::socket socket(io);
    socket.connect({asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)});
    timeval tv{timeout_s, 0};
    setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    std::string request = "GET " + target + " HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n";
    for (const auto& [k, v] : headers) request += k + ": " + v + "\r\n";
    request += "\r\n";
    asio::write(socket, asio::buffer(request));
    std::string text;
    char buf[4096];
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
    while (std::chrono::steady_clock::now() < deadline) {
      ssize_t n = recv(socket.native_handle(), buf, sizeof buf, 0);
      if (n <= 0) break;
      text.append(buf, static_cast<size_t>(n));
    }
    size_t body = text.find("\r\n\r\n");
    if (text.rfind("HTTP/1.1 ", 0) == 0) *status = std::atoi(text.c_str() + 9);
    if (body == std::string::npos) return events;
    std::istringstream lines(text.substr(body + 4));
    std::string line;
    SseEvent current;
    bool any = false;
    while (std::getline(lines, line)) {
      if (line.empty()) {
        if (any) {
          boost::system::error_code ec;
          boost::json::value v = boost::json::parse(current.data, ec);
          if (!ec && v.is_object()) current.json = v.as_object();
          events.push_back(current);
        }
        current = SseEvent{};
        any = false;
      } else if (line[0] == ':') {
        events.push_back({"", "comment", line.substr(1), {}});
      } else if (line.rfind("id: ", 0) == 0) {
        current.id = line.substr(4);
        any = true;
      } else if (line.rfind("event: ", 0) == 0) {
        current.event = line.substr(7);
        any = true;
      } else if (line.rfind("data: ", 0) == 0) {
        current.data += (current.data.empty() ? "" : "\n") + line.substr(6);
        any = true;
      }
    }
  } catch (const std::exception&) {
  }
  return events;
}

IdleConnections::IdleConnections(int port, int n) {
  sockaddr_in addr = Loopback(port);
  for (int i = 0; i < n; ++i) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) break;
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      close(fd);
      break;
    }
    fds_.push_back(fd);
  }
}

IdleConnections::~IdleConnections() {
  for (int fd : fds_) close(fd);
}

int IdleConnections::ClosedByServer() const {
  int closed = 0;
  for (int fd : fds_) {
    char byte;
    ssize_t n = recv(fd, &byte, 1, MSG_DONTWAIT | MSG_PEEK);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) ++closed;
  }
  return closed;
}

double CpuSeconds(pid_t pid) {
  std::string stat = Slurp("/proc/" + std::to_string(pid) + "/stat");
  size_t close = stat.rfind(')');
  if (close == std::string::npos) return -1;
  std::istringstream fields(stat.substr(close + 2));
  std::string skip;
  for (int i = 0; i < 11; ++i) fields >> skip;  // state .. cmajflt: fields 3..13
  long utime = 0, stime = 0;
  fields >> utime >> stime;
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

HttpReply WaitForJob(int port, const std::string& id, int timeout_s,
                     const std::map<std::string, std::string>& headers) {
  HttpReply r;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  while (std::chrono::steady_clock::now() < deadline) {
    r = Http(port, "GET", "/api/jobs/" + id, "", headers);
    if (r.status != 200) return r;
    std::string status(r.json.at("status").as_string());
    if (status == "succeeded" || status == "failed" || status == "cancelled") return r;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return r;
}

ServeProcess::ServeProcess(const TestEnv& env, const std::map<std::string, std::string>& extra,
                           int nofile)
    : ServeProcess(env, extra, nofile, "serve") {}

std::unique_ptr<ServeProcess> ServeProcess::Worker(
    const TestEnv& env, const std::map<std::string, std::string>& extra) {
  return std::unique_ptr<ServeProcess>(new ServeProcess(env, extra, 0, "worker"));
}

ServeProcess::ServeProcess(const TestEnv& env, const std::map<std::string, std::string>& extra,
                           int nofile, const char* subcommand)
    : dir_(env.dir()) {
  std::map<std::string, std::string> vars = env.Vars();
  vars["PORT"] = "0";
  vars["HOST"] = "127.0.0.1";
  vars["DATA_DIR"] = data_dir();
  for (const auto& [k, v] : extra) vars[k] = v;
  static int started = 0;  // tests run their servers one after another, on one thread
  log_ = dir_ + "/serve-" + std::to_string(++started) + ".log";
  const std::string& log = log_;
  pid_ = fork();
  if (pid_ == 0) {
    if (chdir(dir_.c_str()) != 0) _exit(126);
    if (nofile > 0) {
      rlimit rl{static_cast<rlim_t>(nofile), static_cast<rlim_t>(nofile)};
      if (setrlimit(RLIMIT_NOFILE, &rl) != 0) _exit(125);
    }
    for (const auto& [k, v] : vars) setenv(k.c_str(), v.c_str(), 1);
    int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int in = open("/dev/null", O_RDONLY);
    dup2(in, 0);
    dup2(fd, 1);
    dup2(fd, 2);
    execl(MANIMD_BINARY, MANIMD_BINARY, subcommand, static_cast<char*>(nullptr));
    _exit(127);
  }
  static const std::regex kListening(R"(server\.listening.*port[=":]+(\d+))");
  for (int i = 0; i < 200; ++i) {  // up to 10 s
    std::smatch m;
    std::string text = Log();
    if (std::regex_search(text, m, kListening)) {
      port_ = std::stoi(m[1]);
      started_ = true;
      return;
    }
    if (text.find("worker.started") != std::string::npos) {
      started_ = true;
      return;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      pid_ = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

ServeProcess::~ServeProcess() {
  if (pid_ > 0) Stop(SIGKILL, 10);
}

std::string ServeProcess::Log() const { return Slurp(log_); }

bool ServeProcess::LogShows(const std::string& needle, int timeout_s) const {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  for (;;) {
    if (Log().find(needle) != std::string::npos) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

int ServeProcess::Wait(int timeout_s) {
  if (pid_ <= 0) return exit_code_;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      pid_ = -1;
      return exit_code_;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return -1;
}

int ServeProcess::Stop(int sig, int timeout_s) {
  if (pid_ <= 0) return exit_code_;
  kill(pid_, sig);
  int code = Wait(timeout_s);
  if (code == -1) {
    kill(pid_, SIGKILL);
    Wait(10);
  }
  return code;
}

}  // namespace manimd::testing_support
