// The header goes through Beast's serializer (so it is a proper HTTP/1.1 header); events
// are plain writes. No Content-Length and Connection: close, so the body ends with the
// connection, which any HTTP/1.1 client understands.
#include "http/sse.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

namespace manimd::http {

namespace asio = boost::asio;

std::string FormatSseEvent(std::string_view name, std::string_view data, std::string_view id) {
  std::string out;
  if (!id.empty()) out.append("id: ").append(id).append("\n");
  out.append("event: ").append(name).append("\n");
  size_t start = 0;
  for (;;) {
    size_t nl = data.find('\n', start);
    out.append("data: ").append(data.substr(start, nl - start)).append("\n");
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  out.append("\n");
  return out;
}

asio::awaitable<bool> SseWriter::Start() {
  beast_http::response<beast_http::empty_body> res{beast_http::status::ok,
                                                   exchange_.request.version()};
  for (const auto& field : exchange_.common_headers) res.set(field.name_string(), field.value());
  res.set(beast_http::field::content_type, "text/event-stream");
  res.set(beast_http::field::cache_control, "no-cache");
  res.set("X-Accel-Buffering", "no");  // nginx: do not buffer the stream
  res.keep_alive(false);
  beast_http::response_serializer<beast_http::empty_body> sr{res};
  exchange_.stream.expires_after(exchange_.write_timeout);
  auto [ec, n] = co_await beast_http::async_write_header(exchange_.stream, sr,
                                                         asio::as_tuple(asio::use_awaitable));
  exchange_.stream.expires_never();
  exchange_.streamed_status = 200;
  co_return !ec;
}

asio::awaitable<bool> SseWriter::Write(std::string text) {
  // A client that stops reading fills the socket's buffer; the write then times out and
  // the stream ends instead of holding its memory forever.
  exchange_.stream.expires_after(exchange_.write_timeout);
  auto [ec, n] = co_await asio::async_write(exchange_.stream, asio::buffer(text),
                                            asio::as_tuple(asio::use_awaitable));
  exchange_.stream.expires_never();
  co_return !ec;
}

asio::awaitable<bool> SseWriter::Event(std::string_view name, std::string_view data,
                                       std::string_view id) {
  co_return co_await Write(FormatSseEvent(name, data, id));
}

asio::awaitable<bool> SseWriter::Comment(std::string_view text) {
  co_return co_await Write(": " + std::string(text) + "\n\n");
}

}  // namespace manimd::http
