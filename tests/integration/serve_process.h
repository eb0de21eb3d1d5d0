// Helpers for tests of `manimd serve`: start the real server on a free port with a test's
// private directories, and talk HTTP/1.1 to it.
#pragma once

#include <signal.h>
#include <sys/types.h>

#include <boost/json.hpp>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "manimd_process.h"

namespace manimd::testing_support {

struct HttpReply {
  int status = 0;                              // 0: no answer (connection failed or closed)
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  boost::json::object json;  // the body, when it is a JSON object
  std::string Header(const std::string& lower_name) const;
};

// One request on a fresh connection to 127.0.0.1:port. `headers` may set Content-Type.
HttpReply Http(int port, const std::string& method, const std::string& target,
               const std::string& body = "",
               const std::map<std::string, std::string>& headers = {});
// POST a JSON body to /api/render.
HttpReply PostRender(int port, const std::string& json_body);
// {"codeContent": <the scene file's text>, "quality": quality, ...extra fields}
std::string RenderBody(const std::string& scene_file, const std::string& quality = "-ql",
                       const boost::json::object& extra = {});

struct SseEvent {
  std::string id;
  std::string event;  // "comment" for ": ..." lines
  std::string data;
  boost::json::object json;  // data, when it is a JSON object
};

// Reads a Server-Sent Events stream until the server closes it or `timeout_s` passes.
// `status` receives the HTTP status (0 when there was none).
std::vector<SseEvent> ReadSse(int port, const std::string& target, int timeout_s, int* status,
                              const std::map<std::string, std::string>& headers = {});

// Opens `n` TCP connections to 127.0.0.1:port that send nothing; closed when the returned
// object goes. Fewer than `n` when connecting fails.
class IdleConnections {
 public:
  IdleConnections(int port, int n);
  ~IdleConnections();
  int size() const { return static_cast<int>(fds_.size()); }
  // How many the server has closed by now (a read returns EOF or an error).
  int ClosedByServer() const;

 private:
  std::vector<int> fds_;
};

// The CPU time (user + system, seconds) process `pid` has used so far.
double CpuSeconds(pid_t pid);

// Polls GET /api/jobs/{id} until the job is final or `timeout_s` passes; its last answer.
HttpReply WaitForJob(int port, const std::string& id, int timeout_s = 60,
                     const std::map<std::string, std::string>& headers = {});

class ServeProcess {
 public:
  // Starts `manimd serve` in env.dir() with PORT=0, HOST=127.0.0.1, DATA_DIR=<dir>/data,
  // the test's sandbox settings, and `extra` on top; waits until it listens (or exits).
  // `nofile` > 0 sets the server's RLIMIT_NOFILE (soft and hard) to it.
  explicit ServeProcess(const TestEnv& env, const std::map<std::string, std::string>& extra = {},
                        int nofile = 0);
  // `manimd worker` instead (no HTTP): started() says whether it came up.
  static std::unique_ptr<ServeProcess> Worker(const TestEnv& env,
                                              const std::map<std::string, std::string>& extra);
  bool started() const { return started_; }
  ~ServeProcess();  // SIGKILLs a server still running

  int port() const { return port_; }  // 0 when it did not start
  pid_t pid() const { return pid_; }
  std::string data_dir() const { return dir_ + "/data"; }
  std::string Log() const;
  // Whether `needle` shows in the log within `timeout_s`: a file gets log lines buffered
  // (at most a second late), so a line about what just happened may not be there yet.
  bool LogShows(const std::string& needle, int timeout_s = 5) const;
  // Sends `sig` and waits up to `timeout_s`; the exit code, 128+signal, or -1 on timeout.
  int Stop(int sig = SIGTERM, int timeout_s = 30);
  // Waits for an exit that is already under way (e.g. a failed start).
  int Wait(int timeout_s);

 private:
  std::string dir_;
  std::string log_;  // its own file, so a restarted server's log is not read as this one's
  pid_t pid_ = -1;
  int port_ = 0;
  int exit_code_ = -1;
  bool started_ = false;
  ServeProcess(const TestEnv& env, const std::map<std::string, std::string>& extra, int nofile,
               const char* subcommand);
};

}  // namespace manimd::testing_support
