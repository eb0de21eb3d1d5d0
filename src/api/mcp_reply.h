// How one MCP request is answered over Streamable HTTP: one application/json body, or,
// when the client accepts it and the work is long, a text/event-stream that carries
// notifications (progress) and keep-alives before the response. Events carry no ids:
// streams are not resumable, so a client must not try to reconnect to one.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include "http/message.h"
#include "http/sse.h"

namespace manimd::api {

class McpReply {
 public:
  // `sse_accepted`: the request's Accept header lists text/event-stream.
  McpReply(http::Exchange& exchange, bool sse_accepted)
      : exchange_(exchange), sse_(exchange), sse_accepted_(sse_accepted) {}

  // Starts the event stream if the client accepts one (the header goes out now); a
  // no-op otherwise. False when the client is gone.
  boost::asio::awaitable<bool> Stream();
  bool streaming() const { return streaming_; }
  bool sse_accepted() const { return sse_accepted_; }

  // A JSON-RPC notification on the stream; dropped (true) when not streaming.
  boost::asio::awaitable<bool> Notify(const boost::json::object& message);
  // An SSE comment on the stream, so proxies keep it; true when not streaming.
  boost::asio::awaitable<bool> KeepAlive();
  // The response: the HTTP answer when not streaming; else written as the stream's last
  // event, and the connection closes (std::monostate).
  boost::asio::awaitable<http::Response> Finish(boost::json::object message);

 private:
  http::Exchange& exchange_;
  http::SseWriter sse_;
  const bool sse_accepted_;
  bool streaming_ = false;
};

}  // namespace manimd::api
