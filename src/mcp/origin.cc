// Comparisons are on lowercased text: origins are scheme://host[:port] and both parts are
// case-insensitive.
#include "mcp/origin.h"

#include <cctype>

namespace manimd::mcp {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The host of an authority "host[:port]" or "[v6][:port]", without brackets.
std::string_view HostOf(std::string_view authority) {
  if (!authority.empty() && authority.front() == '[') {
    size_t close = authority.find(']');
    return close == std::string_view::npos ? std::string_view() : authority.substr(1, close - 1);
  }
  return authority.substr(0, authority.find(':'));
}

bool IsIpv4(std::string_view host) {
  int parts = 0;
  size_t start = 0;
  while (start <= host.size()) {
    size_t dot = host.find('.', start);
    std::string_view part =
        host.substr(start, dot == std::string_view::npos ? host.npos : dot - start);
    if (part.empty() || part.size() > 3 || part.find_first_not_of("0123456789") != part.npos) {
      return false;
    }
    ++parts;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return parts == 4;
}

bool IsIpLiteral(std::string_view host) {
  return IsIpv4(host) || (!host.empty() && host.find(':') != std::string_view::npos &&
                          host.find_first_not_of("0123456789abcdef:.") == std::string_view::npos);
}

bool IsLoopback(std::string_view host) {
  return host == "localhost" || host == "::1" || (IsIpv4(host) && host.starts_with("127."));
}

}  // namespace

std::string OriginOf(std::string_view url) {
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return "";
  size_t path = url.find('/', scheme_end + 3);
  return Lower(url.substr(0, path));
}

bool OriginAllowed(std::string_view origin, std::string_view host, const OriginPolicy& policy) {
  if (origin.empty()) return true;
  std::string o = Lower(origin);
  size_t scheme_end = o.find("://");
  if (scheme_end == std::string::npos) return false;  // "null" and the like
  std::string_view scheme = std::string_view(o).substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") return false;
  std::string_view authority = std::string_view(o).substr(scheme_end + 3);
  if (authority.empty() || authority.find('/') != std::string_view::npos) return false;
  std::string_view origin_host = HostOf(authority);
  if (IsLoopback(origin_host)) return true;
  for (const std::string& a : policy.allowed) {
    if (a == "*" || Lower(a) == o) return true;
  }
  if (!policy.public_url.empty() && OriginOf(policy.public_url) == o) return true;
  return IsIpLiteral(origin_host) && Lower(host) == authority;
}

}  // namespace manimd::mcp
