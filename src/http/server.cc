// Listening, the io thread pool, and the stop sequence. Each connection gets its own
// strand, so a session's coroutine and anything posted to it never run concurrently.
#include "http/server.h"

#include <fcntl.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <thread>

#include "core/log.h"
#include "http/session.h"

namespace manimd::http {

namespace asio = boost::asio;
using asio::ip::tcp;

Server::Server(ServerOptions options, const Router& router)
    : options_(std::move(options)),
      router_(router),
      cors_(options_.cors_origins),
      io_(options_.threads),
      acceptor_(io_) {}

Server::~Server() = default;

core::Status Server::Listen() {
  boost::system::error_code ec;
  asio::ip::address address = asio::ip::make_address(options_.host, ec);
  if (ec) return core::InvalidArgument("HOST \"" + options_.host + "\" is not an IP address");
  tcp::endpoint endpoint(address, static_cast<unsigned short>(options_.port));
  std::string where = "[" + options_.host + "]:" + std::to_string(options_.port);
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec && address.is_v6()) acceptor_.set_option(asio::ip::v6_only(false), ec);
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (!ec) fcntl(acceptor_.native_handle(), F_SETFD, FD_CLOEXEC);
  if (ec) return core::Unavailable("cannot listen on " + where + ": " + ec.message());
  port_ = acceptor_.local_endpoint().port();
  asio::co_spawn(acceptor_.get_executor(), AcceptLoop(), asio::detached);
  return core::Status::Ok();
}

asio::awaitable<void> Server::AcceptLoop() {
  for (;;) {
    auto [ec, socket] = co_await acceptor_.async_accept(asio::make_strand(io_),
                                                        asio::as_tuple(asio::use_awaitable));
    if (ec == asio::error::operation_aborted || !acceptor_.is_open()) co_return;
    if (ec) {
      // EMFILE and friends: wait a moment rather than spin.
      LogAcceptProblem("http.accept_failed", ec.message());
      asio::steady_timer pause(io_, std::chrono::milliseconds(100));
      co_await pause.async_wait(asio::as_tuple(asio::use_awaitable));
      continue;
    }
    // Asio accepts without SOCK_CLOEXEC; a process we start must never hold a client.
    fcntl(socket.native_handle(), F_SETFD, FD_CLOEXEC);
    std::uint64_t serial;
    {
      std::lock_guard lock(mu_);
      serial = ++accepted_;
    }
    auto session = std::make_shared<Session>(*this, std::move(socket), serial);
    if (!Register(session)) {
      LogAcceptProblem("http.connection_refused",
                       "MAX_CONNECTIONS=" + std::to_string(options_.max_connections) + " reached");
      session->Abort();
      continue;
    }
    session->NoDelay();
    auto executor = session->stream_executor();
    asio::co_spawn(executor, session->Run(),
                   [this, session](const std::exception_ptr&) { Unregister(session); });
  }
}

bool Server::Register(const std::shared_ptr<Session>& session) {
  std::shared_ptr<Session> victim;
  {
    std::lock_guard lock(mu_);
    int open = static_cast<int>(sessions_.size() - evicting_.size());
    if (open >= options_.max_connections) {
      for (const auto& s : sessions_) {
        if (s->idle() && evicting_.count(s.get()) == 0 &&
            (!victim || s->serial() < victim->serial())) {
          victim = s;
        }
      }
      if (!victim) return false;
      evicting_.insert(victim.get());
    }
    sessions_.insert(session);
  }
  if (victim) {
    victim->CloseIfIdle();
    LogAcceptProblem("http.connection_evicted",
                     "MAX_CONNECTIONS=" + std::to_string(options_.max_connections) +
                         " reached: the oldest idle connection was closed");
  }
  return true;
}

void Server::LogAcceptProblem(const char* event, const std::string& detail) {
  std::int64_t count = 0;
  {
    std::lock_guard lock(mu_);
    ++accept_problems_;
    auto now = std::chrono::steady_clock::now();
    if (now - last_accept_log_ < std::chrono::seconds(1)) return;
    last_accept_log_ = now;
    count = std::exchange(accept_problems_, 0);
  }
  core::LogEvent(core::LogLevel::kWarn, event, {{"error", detail}, {"count", count}});
}

void Server::Unregister(const std::shared_ptr<Session>& session) {
  std::lock_guard lock(mu_);
  sessions_.erase(session);
  evicting_.erase(session.get());
}

void Server::Run() {
  std::vector<std::thread> threads;
  for (int i = 1; i < options_.threads; ++i) threads.emplace_back([this] { io_.run(); });
  io_.run();
  for (std::thread& t : threads) t.join();
}

void Server::StopAccepting() {
  if (stopping_.exchange(true)) return;
  asio::post(acceptor_.get_executor(), [this] {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
  });
  std::lock_guard lock(mu_);
  for (const auto& session : sessions_) session->CloseIfIdle();
}

void Server::StopWhenIdle(std::chrono::steady_clock::time_point deadline) {
  asio::co_spawn(
      io_,
      [this, deadline]() -> asio::awaitable<void> {
        asio::steady_timer tick(io_);
        while (active_.load() > 0 && std::chrono::steady_clock::now() < deadline) {
          tick.expires_after(std::chrono::milliseconds(20));
          co_await tick.async_wait(asio::as_tuple(asio::use_awaitable));
        }
        io_.stop();
      },
      asio::detached);
}

}  // namespace manimd::http
