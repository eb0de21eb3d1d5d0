// The rules for a client's `callbackHeaders`: which header names it may set on the
// webhook POST and what their values may hold.
#pragma once

#include <string>
#include <string_view>

namespace manimd::webhooks {

inline constexpr size_t kMaxCallbackHeaders = 20;
inline constexpr size_t kMaxCallbackHeaderValueBytes = 4096;

// Why header `name: value` may not be sent, or "" when it may. Refused: names that are not
// an HTTP token; hop-by-hop and framing headers (Connection, Transfer-Encoding, TE,
// Upgrade, Keep-Alive, Trailer, Proxy-*, Content-Length, Host, Expect), Content-Type and
// the webhook-* headers that manimd sets itself; values with CR, LF, NUL or other control
// characters but tab, or longer than kMaxCallbackHeaderValueBytes.
std::string CallbackHeaderProblem(std::string_view name, std::string_view value);

}  // namespace manimd::webhooks
