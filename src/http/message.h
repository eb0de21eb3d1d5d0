// The request/response types handlers see. A handler gets an Exchange (the parsed request,
// path parameters, the request id, the connection) and returns a Response.
#pragma once

#include <any>
#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <map>
#include <string>
#include <string_view>
#include <variant>

#include "http/file_range.h"

namespace manimd::http {

namespace beast_http = boost::beast::http;

using Request = beast_http::request<beast_http::string_body>;
using StringResponse = beast_http::response<beast_http::string_body>;
using FileResponse = beast_http::response<beast_http::basic_file_body<FileRange>>;
// std::monostate: nothing is sent and the connection is closed (the client left, or the
// handler already wrote its own streamed answer).
using Response = std::variant<std::monostate, StringResponse, FileResponse>;

struct Exchange {
  const Request& request;
  std::string_view path;                      // the target without its query
  std::string_view query;                     // after '?', may be empty
  std::map<std::string, std::string> params;  // from "{name}" route segments
  std::string request_id;
  boost::beast::tcp_stream& stream;
  std::string job_id;  // set by a handler that made or used a job: logged with the request
  // Headers every answer carries (X-Request-Id, CORS); the server adds them to returned
  // responses, a handler that streams its own answer writes them itself.
  beast_http::fields common_headers;
  int streamed_status = 0;  // set by a handler that wrote its own answer, for the log
  // A handler writing its own answer gives each write this long to make progress.
  std::chrono::seconds write_timeout{30};
  // What a route wrapper learned about the request for its handler (the API's Caller).
  std::any context;

  // Completes when the client closes its side of the connection (or it breaks). Meant to
  // be raced against other work with awaitable operators; cancellable.
  boost::asio::awaitable<void> PeerClosed() const;
  // The value of query parameter `name` (not decoded beyond '+' and %XX), or "".
  std::string QueryParam(std::string_view name) const;
};

// A JSON answer with Content-Type application/json.
StringResponse JsonResponse(beast_http::status status, const boost::json::value& body);
// {"message": message}, the shape every error answer starts from.
StringResponse ErrorResponse(beast_http::status status, std::string_view message);

}  // namespace manimd::http
