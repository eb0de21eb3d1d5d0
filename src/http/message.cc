// Exchange helpers and JSON answers.
#include "http/message.h"

#include <sys/socket.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/serialize.hpp>
#include <cerrno>

namespace manimd::http {

namespace asio = boost::asio;

asio::awaitable<void> Exchange::PeerClosed() const {
  auto& socket = stream.socket();
  for (;;) {
    auto [ec] = co_await socket.async_wait(asio::socket_base::wait_read,
                                           asio::as_tuple(asio::use_awaitable));
    if (ec) co_return;  // cancelled (the race was won elsewhere) or the socket broke
    char byte;
    ssize_t n = recv(socket.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    if (n == 0) co_return;  // orderly close
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) co_return;
    if (n > 0) break;  // a pipelined request: the client is still there
  }
  // Data is waiting, so readiness would fire at once forever: stop watching; wait until
  // cancelled by the other side of the race.
  asio::steady_timer forever(co_await asio::this_coro::executor,
                             asio::steady_timer::time_point::max());
  co_await forever.async_wait(asio::as_tuple(asio::use_awaitable));
}

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// application/x-www-form-urlencoded decoding; a malformed escape is kept as written.
std::string FormDecode(std::string_view raw) {
  std::string out;
  for (size_t i = 0; i < raw.size(); ++i) {
    int hi = -1, lo = -1;
    if (raw[i] == '%' && i + 2 < raw.size()) {
      hi = HexValue(raw[i + 1]);
      lo = HexValue(raw[i + 2]);
    }
    if (raw[i] == '+') {
      out += ' ';
    } else if (hi >= 0 && lo >= 0) {
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += raw[i];
    }
  }
  return out;
}

}  // namespace

std::string Exchange::QueryParam(std::string_view name) const {
  std::string_view q = query;
  while (!q.empty()) {
    size_t amp = q.find('&');
    std::string_view pair = q.substr(0, amp);
    q = amp == std::string_view::npos ? std::string_view() : q.substr(amp + 1);
    size_t eq = pair.find('=');
    if (FormDecode(pair.substr(0, eq)) != name) continue;
    return eq == std::string_view::npos ? "" : FormDecode(pair.substr(eq + 1));
  }
  return "";
}

StringResponse JsonResponse(beast_http::status status, const boost::json::value& body) {
  StringResponse res{status, 11};
  res.set(beast_http::field::content_type, "application/json; charset=utf-8");
  res.body() = boost::json::serialize(body);
  res.prepare_payload();
  return res;
}

StringResponse ErrorResponse(beast_http::status status, std::string_view message) {
  return JsonResponse(status, boost::json::object{{"message", message}});
}

}  // namespace manimd::http
