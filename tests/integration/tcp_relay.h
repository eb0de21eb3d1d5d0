// TcpRelay: a TCP forwarder on 127.0.0.1 in front of a test server, which can be taken
// down (listener closed, live connections cut) and brought back on the same port. It
// stands in for "the S3 server stopped and restarted" while the server behind it keeps its
// state (moto_server forgets everything when it restarts).
#pragma once

#include <atomic>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace manimd::testing_support {

class TcpRelay {
 public:
  explicit TcpRelay(int target_port);
  ~TcpRelay();
  int port() const { return port_; }
  // Closes the listener and cuts every relayed connection: clients see refusals/resets.
  void Down();
  // Listens again on the same port.
  bool Up();

 private:
  void Accept(int listener);
  void Pipe(int from, int to);
  int target_port_;
  int port_ = 0;
  std::atomic<int> listener_{-1};
  std::mutex mu_;
  std::set<int> fds_;                 // guarded by mu_: live relayed sockets
  std::vector<std::thread> threads_;  // guarded by mu_
};

}  // namespace manimd::testing_support
