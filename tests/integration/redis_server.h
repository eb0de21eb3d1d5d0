// A real redis-server for tests (Debian's redis-server 7.0): on 127.0.0.1 and a free port,
// with a data directory of its own and AOF on (appendfsync always), so a restart keeps
// what was acknowledged. Stopped at destruction.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace manimd::testing_support {

class RedisServer {
 public:
  RedisServer();  // started; url() is empty when that failed (see log())
  ~RedisServer();

  std::string url() const;  // "redis://127.0.0.1:PORT/0"
  int port() const { return port_; }
  std::string log() const;

  // SIGTERM (it writes its AOF and exits) and wait; then nothing listens on the port.
  void Stop();
  // Starts again on the same port and data directory. False on failure.
  bool Start();
  // One command over a raw connection, e.g. {"FLUSHALL"}: the reply's first line.
  std::string Command(const std::vector<std::string>& args) const;

 private:
  int port_;
  pid_t pid_ = -1;
  std::string dir_;
};

}  // namespace manimd::testing_support
