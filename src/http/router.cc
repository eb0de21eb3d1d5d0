// A linear scan over a dozen routes is faster than anything cleverer at this size.
#include "http/router.h"

namespace manimd::http {
namespace {

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> out;
  while (!path.empty()) {
    if (path.front() == '/') path.remove_prefix(1);
    size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash);
  }
  // "/health/" is "/health", as Express routes by default.
  if (!out.empty() && out.back().empty()) out.pop_back();
  return out;
}

bool IsParam(std::string_view s) { return s.size() > 2 && s.front() == '{' && s.back() == '}'; }
bool IsRest(std::string_view s) { return IsParam(s) && s.ends_with("...}"); }

}  // namespace

void Router::Add(beast_http::verb method, std::string_view pattern, Handler handler) {
  if (wrap_) handler = wrap_(pattern, std::move(handler));
  Route r{method, std::string(pattern), {}, std::move(handler)};
  for (std::string_view s : SplitPath(pattern)) r.segments.emplace_back(s);
  routes_.push_back(std::move(r));
}

bool Router::MatchPath(const Route& route, const std::vector<std::string_view>& segments,
                       std::map<std::string, std::string>* params) {
  params->clear();
  const std::vector<std::string>& pattern = route.segments;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const std::string& p = pattern[i];
    if (IsRest(p)) {
      if (i >= segments.size()) return false;
      std::string rest;
      for (size_t j = i; j < segments.size(); ++j) {
        if (j > i) rest += '/';
        rest += segments[j];
      }
      (*params)[p.substr(1, p.size() - 5)] = rest;
      return true;
    }
    if (i >= segments.size()) return false;
    if (IsParam(p)) {
      if (segments[i].empty()) return false;
      (*params)[p.substr(1, p.size() - 2)] = std::string(segments[i]);
    } else if (p != segments[i]) {
      return false;
    }
  }
  return segments.size() == pattern.size();
}

Router::Match Router::Find(beast_http::verb method, std::string_view path) const {
  std::vector<std::string_view> segments = SplitPath(path);
  beast_http::verb wanted = method == beast_http::verb::head ? beast_http::verb::get : method;
  Match match;
  std::map<std::string, std::string> params;
  for (const Route& route : routes_) {
    if (!MatchPath(route, segments, &params)) continue;
    if (match.pattern.empty()) match.pattern = route.pattern;
    if (route.method == wanted && match.handler == nullptr) {
      match.handler = &route.handler;
      match.params = params;
      match.pattern = route.pattern;
    }
    if (!match.allow.empty()) match.allow += ", ";
    match.allow += std::string(beast_http::to_string(route.method));
    if (route.method == beast_http::verb::get) match.allow += ", HEAD";
  }
  if (!match.allow.empty()) match.allow += ", OPTIONS";
  return match;
}

}  // namespace manimd::http
