// CORS (the Fetch standard's HTTP side): which origins may call the API from a browser,
// and the answer to preflight requests. MOTION_HOST_ORIGIN configures it.
#pragma once

#include <string>
#include <vector>

#include "http/message.h"

namespace manimd::http {

class CorsPolicy {
 public:
  // `origins`: exact origins ("https://app.example.com") or "*"; empty: same-origin
  // only (no CORS headers at all).
  explicit CorsPolicy(std::vector<std::string> origins) : origins_(std::move(origins)) {}

  // True for a preflight: OPTIONS with Origin and Access-Control-Request-Method.
  static bool IsPreflight(const Request& request);
  // The 204 answer to a preflight; carries the allow headers only for an allowed origin.
  // `allow` lists the path's methods ("GET, POST, OPTIONS").
  StringResponse Preflight(const Request& request, const std::string& allow) const;
  // Adds Access-Control-Allow-Origin (and Vary, Expose-Headers) for an allowed origin.
  void Decorate(const Request& request, beast_http::fields& response) const;

 private:
  // The value for Access-Control-Allow-Origin, or "" when `origin` is not allowed.
  std::string AllowedOrigin(std::string_view origin) const;
  std::vector<std::string> origins_;
};

}  // namespace manimd::http
