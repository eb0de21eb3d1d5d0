// Label values for metrics that come from what a client sends. Every function maps its
// input onto a small fixed set, so no client can grow the number of time series (a
// scraper's memory) by sending new paths or methods.
#pragma once

#include <string>
#include <string_view>

namespace manimd::metrics {

// GET, HEAD, POST, PUT, PATCH, DELETE and OPTIONS as they are; anything else "other".
std::string_view MethodLabel(std::string_view method);

// A route pattern as registered ("/api/jobs/{id}"), or "unmatched" for "" (no route:
// the raw path is never a label).
std::string_view RouteLabel(std::string_view pattern);

// The status as digits when it is a real HTTP status (100..599), else "other".
std::string StatusLabel(int status);

// "l", "m", "h", "p", "k", else "other".
std::string QualityLabel(char quality);

// The error kind, or "none" when empty (a success).
std::string_view ErrorKindLabel(std::string_view kind);

}  // namespace manimd::metrics
