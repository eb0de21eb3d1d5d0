// Server: accepts HTTP/1.1 connections (keep-alive, Expect: 100-continue, body limit) on
// a pool of io threads and hands each request to the Router. Owns no business rules.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "core/status.h"
#include "http/cors.h"
#include "http/router.h"

namespace manimd::http {

// One answered request, as ServerOptions::on_request sees it.
struct RequestRecord {
  std::string_view method;  // as sent
  std::string_view route;   // the matched route's pattern; empty when no route matched
  int status = 0;           // 499 when nothing could be sent
  double seconds = 0;       // from the header's arrival to the answer's last byte
};

struct ServerOptions {
  std::string host = "::";  // "::" also accepts IPv4 (dual-stack)
  int port = 3001;          // 0: any free port (see Server::port)
  int threads = 2;
  std::size_t max_body_bytes = 1 << 20;
  std::chrono::seconds idle_timeout{60};  // keep-alive and slow-header limit
  // A write that makes no progress for this long ends its connection: a client that
  // stops reading a download or an event stream cannot hold its buffers forever.
  std::chrono::seconds write_timeout{30};
  // Connections beyond this are closed as soon as they are accepted, so that the
  // descriptors renders need are never taken by idle clients (MAX_CONNECTIONS).
  int max_connections = 1000;
  std::vector<std::string> cors_origins;
  // Called after each answered request on the thread that answered it (metrics); must be
  // thread-safe and quick. Requests refused before routing (413, malformed) are not seen.
  std::function<void(const RequestRecord&)> on_request;
};

class Session;

class Server {
 public:
  // `router` must outlive the server.
  Server(ServerOptions options, const Router& router);
  ~Server();

  // Binds and listens. Errors: kUnavailable (address in use, not permitted, bad address).
  core::Status Listen();
  int port() const { return port_; }
  int max_connections() const { return options_.max_connections; }
  boost::asio::io_context& io() { return io_; }

  // Serves on `threads` threads (this one included) until Stop(). Blocks.
  void Run();
  // Closes the listening socket and every idle connection; requests in flight finish and
  // their connections close after answering. Thread-safe, idempotent.
  void StopAccepting();
  // Requests being handled now.
  int active_requests() const { return active_.load(); }
  // Ends Run() once no request is in flight or `deadline` has passed. Thread-safe.
  void StopWhenIdle(std::chrono::steady_clock::time_point deadline);

 private:
  friend class Session;
  boost::asio::awaitable<void> AcceptLoop();
  // Admits a new session. At MAX_CONNECTIONS the oldest idle one (waiting for a request)
  // is closed to make room: idle keep-alive clients reconnect, while a flood of silent
  // connections cannot lock everyone out. False when every session is busy.
  bool Register(const std::shared_ptr<Session>& session);
  void Unregister(const std::shared_ptr<Session>& session);

  ServerOptions options_;
  const Router& router_;
  CorsPolicy cors_;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> active_{0};
  // Logs an accept problem at most once a second (EMFILE and a full house repeat fast).
  void LogAcceptProblem(const char* event, const std::string& detail);

  std::mutex mu_;
  std::set<std::shared_ptr<Session>> sessions_;  // guarded by mu_
  std::set<Session*> evicting_;  // guarded by mu_: closed for room, not yet unregistered
  std::uint64_t accepted_ = 0;   // guarded by mu_
  std::chrono::steady_clock::time_point last_accept_log_;  // guarded by mu_
  std::int64_t accept_problems_ = 0;                       // guarded by mu_: since the last log
};

}  // namespace manimd::http
