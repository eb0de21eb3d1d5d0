// SSE events are named "message", the name the Streamable HTTP transport reads JSON-RPC
// from (an unnamed event would do too).
#include "api/mcp_reply.h"

#include <boost/json/serialize.hpp>

namespace manimd::api {

namespace asio = boost::asio;

asio::awaitable<bool> McpReply::Stream() {
  if (!sse_accepted_ || streaming_) co_return true;
  streaming_ = true;
  co_return co_await sse_.Start();
}

asio::awaitable<bool> McpReply::Notify(const boost::json::object& message) {
  if (!streaming_) co_return true;
  co_return co_await sse_.Event("message", boost::json::serialize(message), "");
}

asio::awaitable<bool> McpReply::KeepAlive() {
  if (!streaming_) co_return true;
  co_return co_await sse_.Comment("keep-alive");
}

asio::awaitable<http::Response> McpReply::Finish(boost::json::object message) {
  if (!streaming_) co_return http::JsonResponse(http::beast_http::status::ok, message);
  co_await sse_.Event("message", boost::json::serialize(message), "");
  co_return std::monostate{};
}

}  // namespace manimd::api
