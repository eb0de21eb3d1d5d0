// One connection. Reading is split into header and body so that "Expect: 100-continue"
// can be answered and an oversized Content-Length refused before the body is sent.
#include "http/session.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http.hpp>
#include <exception>
#include <random>

#include "core/log.h"
#include "http/server.h"

namespace manimd::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using std::chrono::steady_clock;

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

// Echo a caller's X-Request-Id when it is sane printable ASCII, else make one.
std::string RequestId(const Request& request) {
  std::string_view given = request["X-Request-Id"];
  bool ok = !given.empty() && given.size() <= 128;
  for (char c : given) ok = ok && c > 0x20 && c < 0x7f;
  if (ok) return std::string(given);
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(16, '0');
  std::uint64_t bits = rng();
  for (char& c : id) {
    c = kHex[bits & 15];
    bits >>= 4;
  }
  return id;
}

// Counts a request in flight for as long as it lives, on every way out of the loop body.
class InFlight {
 public:
  explicit InFlight(std::atomic<int>& count) : count_(count) { ++count_; }
  ~InFlight() { --count_; }
  InFlight(const InFlight&) = delete;
  InFlight& operator=(const InFlight&) = delete;

 private:
  std::atomic<int>& count_;
};

int StatusOf(const Response& response) {
  if (const auto* s = std::get_if<StringResponse>(&response)) return s->result_int();
  if (const auto* f = std::get_if<FileResponse>(&response)) return f->result_int();
  return 499;  // nginx's "client closed request": nothing was sent
}

beast_http::fields* HeadersOf(Response& response) {
  if (auto* s = std::get_if<StringResponse>(&response)) return &s->base();
  if (auto* f = std::get_if<FileResponse>(&response)) return &f->base();
  return nullptr;
}

}  // namespace

void Session::Abort() {
  beast::error_code ignored;
  stream_.socket().close(ignored);
}

void Session::NoDelay() {
  beast::error_code ignored;
  stream_.socket().set_option(asio::ip::tcp::no_delay(true), ignored);
}

void Session::CloseIfIdle() {
  asio::post(stream_.get_executor(), [self = shared_from_this()] {
    if (!self->busy_) self->stream_.socket().close();
  });
}

asio::awaitable<void> Session::Refuse(beast_http::status status, const std::string& message) {
  Response res = ErrorResponse(status, message);
  std::get<StringResponse>(res).keep_alive(false);
  co_await Send(res, false);
  // Lingering close: a client still sending its body would otherwise get a reset instead
  // of our answer. Read and drop for a short, bounded while.
  beast::error_code ignored;
  stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  stream_.expires_after(std::chrono::seconds(2));
  char sink[16384];
  for (int i = 0; i < 1024; ++i) {
    auto [ec, n] = co_await stream_.async_read_some(asio::buffer(sink), kTuple);
    if (ec) break;
  }
}

asio::awaitable<bool> Session::Send(Response& response, bool head) {
  bool ok = true;
  // Piece by piece, each under the write timeout: a slow reader of a large download is
  // fine as long as it keeps reading; one that stops is cut off.
  auto send = [&](auto& message) -> asio::awaitable<void> {
    beast_http::serializer<false, typename std::decay_t<decltype(message)>::body_type> sr{message};
    if (head) sr.split(true);
    while (ok && !(head ? sr.is_header_done() : sr.is_done())) {
      stream_.expires_after(server_.options_.write_timeout);
      auto [ec, n] = co_await beast_http::async_write_some(stream_, sr, kTuple);
      ok = !ec;
    }
    stream_.expires_never();
  };
  if (auto* s = std::get_if<StringResponse>(&response)) co_await send(*s);
  if (auto* f = std::get_if<FileResponse>(&response)) co_await send(*f);
  co_return ok;
}

asio::awaitable<Response> Session::Handle(const Request& request, const std::string& request_id,
                                          beast_http::fields* common, Handled* handled) {
  std::string_view target = request.target();
  size_t q = target.find('?');
  std::string_view path = target.substr(0, q);
  std::string_view query = q == std::string_view::npos ? std::string_view() : target.substr(q + 1);
  Router::Match match = server_.router_.Find(request.method(), path);
  handled->route = match.pattern;
  if (CorsPolicy::IsPreflight(request) && !match.allow.empty()) {
    co_return server_.cors_.Preflight(request, match.allow);
  }
  if (match.handler == nullptr) {
    if (match.allow.empty()) {
      co_return ErrorResponse(beast_http::status::not_found, "no route for " + std::string(path));
    }
    StringResponse res{beast_http::status::no_content, request.version()};
    if (request.method() != beast_http::verb::options) {
      res = ErrorResponse(beast_http::status::method_not_allowed,
                          std::string(request.method_string()) + " is not allowed on " +
                              std::string(path) + "; allowed: " + match.allow);
    }
    res.set(beast_http::field::allow, match.allow);
    co_return res;
  }
  Exchange exchange{request, path,    query, std::move(match.params),        request_id, stream_,
                    "",      *common, 0,     server_.options_.write_timeout, {}};
  try {
    Response response = co_await (*match.handler)(exchange);
    handled->job_id = std::move(exchange.job_id);
    handled->streamed_status = exchange.streamed_status;
    *common = std::move(exchange.common_headers);  // a handler may add some (RateLimit-*)
    co_return response;
  } catch (const std::exception& e) {
    // Handlers do not throw; this is the last guard so a library surprise answers 500
    // instead of ending the process.
    core::LogEvent(core::LogLevel::kError, "http.handler_exception",
                   {{"path", std::string(path)}, {"what", std::string(e.what())}});
  }
  co_return ErrorResponse(
      beast_http::status::internal_server_error,
      "internal error while handling the request (request id " + request_id + ")");
}

asio::awaitable<bool> Session::ReadBody(Parser& parser) {
  const auto& header = parser.get();
  if (beast::iequals(header[beast_http::field::expect], "100-continue") && !parser.is_done()) {
    beast_http::response<beast_http::empty_body> cont{beast_http::status::continue_, 11};
    co_await beast_http::async_write(stream_, cont, kTuple);
  }
  if (!parser.is_done()) {
    stream_.expires_after(server_.options_.idle_timeout);
    auto [ec, n] = co_await beast_http::async_read(stream_, buffer_, parser, kTuple);
    if (ec == beast_http::error::body_limit) co_await RefuseTooLarge();
    if (ec) co_return false;
  }
  stream_.expires_never();
  co_return true;
}

asio::awaitable<void> Session::RefuseTooLarge() {
  co_await Refuse(
      beast_http::status::payload_too_large,
      "request body is larger than " + std::to_string(server_.options_.max_body_bytes) + " bytes");
}

asio::awaitable<bool> Session::Answer(const Request& request, steady_clock::time_point start) {
  std::string request_id = RequestId(request);
  beast_http::fields common;  // on every answer: X-Request-Id and, when allowed, CORS
  common.set("X-Request-Id", request_id);
  server_.cors_.Decorate(request, common);
  Handled handled;
  Response response = co_await Handle(request, request_id, &common, &handled);
  bool keep_alive = request.keep_alive() && !server_.stopping_;
  if (beast_http::fields* headers = HeadersOf(response)) {
    for (const auto& field : common) headers->set(field.name_string(), field.value());
  }
  keep_alive = std::visit(
      [&](auto& m) {
        if constexpr (std::is_same_v<std::decay_t<decltype(m)>, std::monostate>) {
          return false;
        } else {
          m.version(request.version());
          m.keep_alive(keep_alive && m.keep_alive());
          return m.keep_alive();
        }
      },
      response);
  bool sent = co_await Send(response, request.method() == beast_http::verb::head);
  std::chrono::duration<double> took = steady_clock::now() - start;
  int status = handled.streamed_status != 0 ? handled.streamed_status : StatusOf(response);
  core::LogEvent(
      core::LogLevel::kInfo, "http.request",
      {{"method", std::string(request.method_string())},
       {"path", std::string(request.target().substr(0, request.target().find('?')))},
       {"status", static_cast<std::int64_t>(status)},
       {"duration_ms", static_cast<std::int64_t>(
                           std::chrono::duration_cast<std::chrono::milliseconds>(took).count())},
       {"request_id", request_id},
       {"job_id", handled.job_id}});
  if (server_.options_.on_request) {
    server_.options_.on_request({request.method_string(), handled.route, status, took.count()});
  }
  co_return sent&& keep_alive;
}

asio::awaitable<void> Session::Run() {
  std::shared_ptr<Session> self = shared_from_this();  // the frame keeps the session alive
  for (;;) {
    busy_ = false;
    if (server_.stopping_) break;
    Parser parser;
    parser.body_limit(server_.options_.max_body_bytes);
    stream_.expires_after(server_.options_.idle_timeout);
    auto [ec, n] = co_await beast_http::async_read_header(stream_, buffer_, parser, kTuple);
    if (ec == beast_http::error::body_limit) {
      co_await RefuseTooLarge();
      break;
    }
    // The client left, went quiet, or the server is stopping: nothing to answer.
    if (ec == beast_http::error::end_of_stream || ec == beast::error::timeout ||
        (ec && ec.category() == asio::error::get_system_category())) {
      break;
    }
    if (ec) {
      co_await Refuse(beast_http::status::bad_request, "malformed HTTP request: " + ec.message());
      break;
    }
    busy_ = true;
    InFlight in_flight(server_.active_);  // this request counts until the iteration ends
    steady_clock::time_point start = steady_clock::now();
    if (!co_await ReadBody(parser)) break;
    Request request = parser.release();
    if (!co_await Answer(request, start)) break;
  }
  busy_ = false;
  beast::error_code ignored;
  stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  stream_.socket().close(ignored);
}

}  // namespace manimd::http
