// Which browser origins may call the MCP endpoint. The spec requires refusing bad Origin
// headers (403) because a web page could otherwise reach a local server through DNS
// rebinding; requests without Origin (non-browser clients) are always allowed.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace manimd::mcp {

struct OriginPolicy {
  std::vector<std::string> allowed;  // MOTION_HOST_ORIGIN's entries; "*" allows any
  std::string public_url;            // PUBLIC_URL; its origin is allowed
};

// True when a request whose Origin header is `origin` ("" when absent) and whose Host
// header is `host` may proceed. Allowed: no Origin; loopback origins (localhost,
// 127.0.0.0/8, [::1]); configured origins; the same origin when the Host is an IP
// address (a rebinding attack always comes in under a domain name, so a name must be
// configured to be trusted).
bool OriginAllowed(std::string_view origin, std::string_view host, const OriginPolicy& policy);

// "https://example.com:8443" from "https://example.com:8443/base"; "" when no URL.
std::string OriginOf(std::string_view url);

}  // namespace manimd::mcp
