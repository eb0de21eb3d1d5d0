// Session: one client connection, read request -> route -> write response, kept alive
// until the client, the idle timeout or a server stop ends it. Internal to http/.
#pragma once

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <chrono>
#include <cstdint>
#include <memory>

#include "http/message.h"

namespace manimd::http {

class Server;

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(Server& server, boost::asio::ip::tcp::socket socket, std::uint64_t serial)
      : server_(server), stream_(std::move(socket)), serial_(serial) {}

  // Serves requests until the connection ends. Runs on the connection's strand.
  boost::asio::awaitable<void> Run();
  // Closes the connection if it is waiting for a request; a busy one closes after
  // answering. Thread-safe (posts to the strand).
  void CloseIfIdle();
  boost::asio::any_io_executor stream_executor() { return stream_.get_executor(); }
  // Closes a connection that was never served (over MAX_CONNECTIONS).
  void Abort();
  void NoDelay();
  // Waiting for a request (not handling one). Any thread.
  bool idle() const { return !busy_.load(std::memory_order_relaxed); }
  std::uint64_t serial() const { return serial_; }  // accept order

 private:
  // What Handle tells about a request besides its answer, for the log and metrics.
  struct Handled {
    std::string job_id;       // when the handler named a job
    int streamed_status = 0;  // when the handler wrote its own answer
    std::string route;        // the matched route's pattern, empty for an unknown path
  };
  // Answers one parsed request; never throws. *common (the headers every answer carries)
  // gets what the handler added to its Exchange's.
  boost::asio::awaitable<Response> Handle(const Request& request, const std::string& request_id,
                                          beast_http::fields* common, Handled* handled);
  // Sends `response` (headers only for HEAD); false when the connection broke.
  boost::asio::awaitable<bool> Send(Response& response, bool head);
  // Answers a request that could not be read (413, 400) and closes gracefully.
  boost::asio::awaitable<void> Refuse(beast_http::status status, const std::string& message);
  boost::asio::awaitable<void> RefuseTooLarge();

  using Parser = beast_http::request_parser<beast_http::string_body>;
  // Reads the rest of a request whose header is in (answering Expect: 100-continue);
  // false when the connection must close.
  boost::asio::awaitable<bool> ReadBody(Parser& parser);
  // Answers one request and logs it; false when the connection must close.
  boost::asio::awaitable<bool> Answer(const Request& request,
                                      std::chrono::steady_clock::time_point start);

  Server& server_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  const std::uint64_t serial_;
  std::atomic<bool> busy_{false};  // written on the strand: a request is being handled
};

}  // namespace manimd::http
