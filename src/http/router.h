// Routing by method and path pattern. Patterns are literal segments, "{name}" for one
// segment, and a final "{name...}" for the rest of the path. No business rules here.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"

namespace manimd::http {

using Handler = std::function<boost::asio::awaitable<Response>(Exchange&)>;
// Wraps each handler as it is added (authorization, say), given the route's pattern.
using HandlerWrapper = std::function<Handler(std::string_view pattern, Handler handler)>;

class Router {
 public:
  // REQUIRES: `pattern` starts with '/'. Not thread-safe; add every route before serving.
  void Add(beast_http::verb method, std::string_view pattern, Handler handler);
  // Every handler added from now on goes through `wrap` (null: none). The one place where
  // something applies to all routes.
  void SetWrapper(HandlerWrapper wrap) { wrap_ = std::move(wrap); }

  struct Match {
    const Handler* handler = nullptr;           // null: no route for this method
    std::map<std::string, std::string> params;  // when matched
    std::string allow;  // methods the path does support, "GET, HEAD" (empty: unknown path)
    // The pattern of the route that matched ("/api/jobs/{id}"), or of the first whose path
    // matched when none has this method; empty for an unknown path. A bounded label for metrics,
    // unlike the path.
    std::string pattern;
  };
  // HEAD is routed to GET handlers. Thread-safe (const).
  Match Find(beast_http::verb method, std::string_view path) const;

 private:
  struct Route {
    beast_http::verb method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
  };
  static bool MatchPath(const Route& route, const std::vector<std::string_view>& segments,
                        std::map<std::string, std::string>* params);
  std::vector<Route> routes_;
  HandlerWrapper wrap_;
};

}  // namespace manimd::http
