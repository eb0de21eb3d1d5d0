// libFuzzer target: the path every request takes before a handler sees it. Bytes go
// through Beast's parser with the server's limits (header, then body), then our router,
// query-parameter decoding and Range parsing, as Session does. Crashes and sanitizer
// reports are the findings; nothing here must throw past the parser.
#include <boost/asio/io_context.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <cstddef>
#include <cstdint>

#include "http/byte_range.h"
#include "http/message.h"
#include "http/router.h"

namespace {

namespace beast_http = boost::beast::http;
using manimd::http::Router;

const Router& Routes() {
  static Router* router = [] {
    auto* r = new Router;
    auto none = [](manimd::http::Exchange&) -> boost::asio::awaitable<manimd::http::Response> {
      co_return std::monostate{};
    };
    for (const char* pattern : {"/health", "/api/render", "/api/jobs", "/api/jobs/{id}",
                                "/api/jobs/{id}/events", "/files/{key...}"}) {
      r->Add(beast_http::verb::get, pattern, none);
      r->Add(beast_http::verb::post, pattern, none);
    }
    return r;
  }();
  return *router;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static boost::asio::io_context io;
  static boost::beast::tcp_stream stream(io);
  beast_http::request_parser<beast_http::string_body> parser;
  parser.body_limit(1 << 20);
  parser.header_limit(16 << 10);
  boost::beast::error_code ec;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  while (!input.empty() && !ec && !parser.is_done()) {
    std::size_t used = parser.put(boost::asio::buffer(input.data(), input.size()), ec);
    if (ec == beast_http::error::need_more) break;
    input.remove_prefix(used);
    if (used == 0) break;
  }
  if (ec || !parser.is_header_done()) return 0;
  const manimd::http::Request& request = parser.get();
  std::string_view target = request.target();
  std::size_t q = target.find('?');
  std::string_view path = target.substr(0, q);
  Router::Match match = Routes().Find(request.method(), path);
  manimd::http::Exchange exchange{request,
                                  path,
                                  q == std::string_view::npos ? "" : target.substr(q + 1),
                                  std::move(match.params),
                                  "fuzz",
                                  stream,
                                  "",
                                  {},
                                  0,
                                  std::chrono::seconds(1),
                                  {}};
  (void)exchange.QueryParam("status");
  (void)exchange.QueryParam("cursor");
  manimd::http::ByteRange range =
      manimd::http::ParseByteRange(request[beast_http::field::range], size);
  if (range.kind == manimd::http::ByteRange::Kind::kPartial && range.first > range.last) {
    __builtin_trap();  // a partial range is never inverted
  }
  return 0;
}
