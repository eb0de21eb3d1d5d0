// SseWriter: a Server-Sent Events answer (text/event-stream) written straight to an
// Exchange's connection: the header once, then events and comments. The connection is
// closed after the stream (the handler returns std::monostate).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <string_view>

#include "http/message.h"

namespace manimd::http {

class SseWriter {
 public:
  explicit SseWriter(Exchange& exchange) : exchange_(exchange) {}

  // 200 with the exchange's common headers; false when the client is gone.
  boost::asio::awaitable<bool> Start();
  // "id: <id>\nevent: <name>\ndata: <data>\n\n" (data lines split on '\n'); false when the
  // client is gone.
  boost::asio::awaitable<bool> Event(std::string_view name, std::string_view data,
                                     std::string_view id);
  // ": <text>\n\n", ignored by clients: keeps proxies from timing the stream out.
  boost::asio::awaitable<bool> Comment(std::string_view text);

 private:
  boost::asio::awaitable<bool> Write(std::string text);
  Exchange& exchange_;
};

// The text of one event, as SseWriter::Event sends it.
std::string FormatSseEvent(std::string_view name, std::string_view data, std::string_view id);

}  // namespace manimd::http
