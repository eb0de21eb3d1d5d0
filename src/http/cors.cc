// CORS headers. Credentials are never allowed: the API has no cookies.
#include "http/cors.h"

namespace manimd::http {

bool CorsPolicy::IsPreflight(const Request& request) {
  return request.method() == beast_http::verb::options &&
         request.find(beast_http::field::origin) != request.end() &&
         request.find(beast_http::field::access_control_request_method) != request.end();
}

std::string CorsPolicy::AllowedOrigin(std::string_view origin) const {
  if (origin.empty()) return "";
  for (const std::string& o : origins_) {
    if (o == "*") return "*";
    if (o == origin) return o;
  }
  return "";
}

void CorsPolicy::Decorate(const Request& request, beast_http::fields& response) const {
  if (origins_.empty()) return;
  response.set(beast_http::field::vary, "Origin");
  std::string allowed = AllowedOrigin(request[beast_http::field::origin]);
  if (allowed.empty()) return;
  response.set(beast_http::field::access_control_allow_origin, allowed);
  response.set(beast_http::field::access_control_expose_headers,
               "X-Request-Id, Location, Retry-After, Content-Range, Mcp-Session-Id");
}

StringResponse CorsPolicy::Preflight(const Request& request, const std::string& allow) const {
  StringResponse res{beast_http::status::no_content, request.version()};
  Decorate(request, res.base());
  if (res.find(beast_http::field::access_control_allow_origin) != res.end()) {
    res.set(beast_http::field::access_control_allow_methods, allow);
    std::string_view asked = request[beast_http::field::access_control_request_headers];
    res.set(beast_http::field::access_control_allow_headers,
            asked.empty() ? std::string_view("Content-Type, X-Request-Id") : asked);
    res.set(beast_http::field::access_control_max_age, "600");
  }
  return res;
}

}  // namespace manimd::http
