// The ranges are IANA's special-purpose registries (RFC 6890 and updates) for IPv4 and
// IPv6, narrowed to what a callback must never reach from a server.
#include "webhooks/address_policy.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstdint>
#include <cstring>

namespace manimd::webhooks {
namespace {

struct V4Range {
  std::uint32_t base;
  int prefix;
  const char* reason;
};

// First match wins: the metadata address sits inside link-local.
constexpr V4Range kV4[] = {
    {0xA9FEA9FE, 32, "metadata"},    // 169.254.169.254: AWS, GCP, Azure, ...
    {0x00000000, 8, "unspecified"},  // 0.0.0.0/8 ("this network")
    {0x0A000000, 8, "private"},      // 10/8
    {0x64400000, 10, "cgnat"},       // 100.64/10, carrier-grade NAT
    {0x7F000000, 8, "loopback"},     // 127/8
    {0xA9FE0000, 16, "link-local"},  // 169.254/16
    {0xAC100000, 12, "private"},     // 172.16/12
    {0xC0000000, 24, "reserved"},    // 192.0.0/24, IETF protocol assignments
    {0xC0000200, 24, "reserved"},    // 192.0.2/24, documentation
    {0xC0A80000, 16, "private"},     // 192.168/16
    {0xC6120000, 15, "reserved"},    // 198.18/15, benchmarking
    {0xC6336400, 24, "reserved"},    // 198.51.100/24, documentation
    {0xCB007100, 24, "reserved"},    // 203.0.113/24, documentation
    {0xE0000000, 4, "multicast"},    // 224/4
    {0xF0000000, 4, "reserved"},     // 240/4, broadcast included
};

std::string CheckV4(std::uint32_t host_order) {
  for (const V4Range& r : kV4) {
    std::uint32_t mask = r.prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - r.prefix);
    if ((host_order & mask) == r.base) return r.reason;
  }
  return "";
}

std::uint32_t V4At(const unsigned char* b) {
  return (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) |
         b[3];
}

std::string CheckV6(const in6_addr& a) {
  const unsigned char* b = a.s6_addr;
  static const unsigned char kZero[16] = {};
  if (std::memcmp(b, kZero, 16) == 0) return "unspecified";             // ::
  if (std::memcmp(b, kZero, 15) == 0 && b[15] == 1) return "loopback";  // ::1
  // ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible), 64:ff9b::a.b.c.d (NAT64): the IPv4
  // address inside is the one reached.
  static const unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  static const unsigned char kNat64[12] = {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
  if (std::memcmp(b, kMapped, 12) == 0 || std::memcmp(b, kNat64, 12) == 0) {
    return CheckV4(V4At(b + 12));
  }
  if (std::memcmp(b, kZero, 12) == 0) {  // IPv4-compatible: deprecated, never public
    std::string inner = CheckV4(V4At(b + 12));
    return inner.empty() ? "reserved" : inner;
  }
  if (b[0] == 0xff) return "multicast";                            // ff00::/8
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return "link-local";  // fe80::/10
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return "private";     // fec0::/10, site-local
  if ((b[0] & 0xfe) == 0xfc) return "private";                     // fc00::/7, unique local
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return "reserved";  // doc
  if (b[0] == 0x20 && b[1] == 0x02) return "reserved";  // 2002::/16, 6to4 wraps any IPv4
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) return "reserved";  // Teredo
  if ((b[0] & 0xe0) != 0x20) return "reserved";  // outside 2000::/3, the global unicast
  return "";
}

}  // namespace

std::string ForbiddenReason(const sockaddr* addr) {
  if (addr == nullptr) return "not an IP address";
  if (addr->sa_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(addr);
    return CheckV4(ntohl(in->sin_addr.s_addr));
  }
  if (addr->sa_family == AF_INET6) {
    return CheckV6(reinterpret_cast<const sockaddr_in6*>(addr)->sin6_addr);
  }
  return "not an IP address";
}

std::string ForbiddenReasonOf(std::string_view text) {
  std::string s(text);
  sockaddr_in v4{};
  sockaddr_in6 v6{};
  if (inet_pton(AF_INET, s.c_str(), &v4.sin_addr) == 1) {
    v4.sin_family = AF_INET;
    return ForbiddenReason(reinterpret_cast<const sockaddr*>(&v4));
  }
  if (inet_pton(AF_INET6, s.c_str(), &v6.sin6_addr) == 1) {
    v6.sin6_family = AF_INET6;
    return ForbiddenReason(reinterpret_cast<const sockaddr*>(&v6));
  }
  return "not an IP address";
}

}  // namespace manimd::webhooks
