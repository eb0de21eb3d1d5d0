// Which network addresses a webhook may be sent to. Checked on the address a connection
// is actually about to use (after DNS), so a name that resolves to 127.0.0.1 or to a
// cloud metadata service is refused like the literal would be.
#pragma once

#include <sys/socket.h>

#include <string>
#include <string_view>

namespace manimd::webhooks {

// Why `addr` is not a public unicast address ("loopback", "private", "link-local",
// "cgnat", "unspecified", "multicast", "reserved", "metadata", ...), or "" when it is.
// IPv4-mapped, IPv4-compatible and NAT64 IPv6 addresses are judged by the IPv4 address
// inside. Anything but AF_INET/AF_INET6 is "not an IP address".
std::string ForbiddenReason(const sockaddr* addr);

// The same for a numeric address in text ("10.0.0.1", "::1"); "not an IP address" when
// `text` is not one. For tests and messages.
std::string ForbiddenReasonOf(std::string_view text);

}  // namespace manimd::webhooks
