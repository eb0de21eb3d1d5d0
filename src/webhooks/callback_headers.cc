// Names follow RFC 9110's token grammar; the refused ones are those a client could use to
// split the request, change its framing or speak for manimd.
#include "webhooks/callback_headers.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace manimd::webhooks {
namespace {

bool IsTokenChar(unsigned char c) {
  static constexpr std::string_view kExtra = "!#$%&'*+-.^_`|~";
  return std::isalnum(c) || kExtra.find(static_cast<char>(c)) != std::string_view::npos;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::string CallbackHeaderProblem(std::string_view name, std::string_view value) {
  if (name.empty() || name.size() > 100 || !std::all_of(name.begin(), name.end(), [](char c) {
        return IsTokenChar(static_cast<unsigned char>(c));
      })) {
    return "is not a valid header name";
  }
  static constexpr std::array<std::string_view, 12> kRefused = {
      "host",       "content-length", "content-type",     "transfer-encoding",
      "connection", "keep-alive",     "upgrade",          "te",
      "trailer",    "expect",         "proxy-connection", "cookie"};
  std::string lower = Lower(name);
  if (std::find(kRefused.begin(), kRefused.end(), lower) != kRefused.end() ||
      lower.starts_with("proxy-") || lower.starts_with("webhook-")) {
    return "may not be set by a client";
  }
  if (value.size() > kMaxCallbackHeaderValueBytes) return "value is too long";
  for (char ch : value) {
    auto c = static_cast<unsigned char>(ch);
    if ((c < 0x20 && c != '\t') || c == 0x7f) return "value holds a control character";
  }
  return "";
}

}  // namespace manimd::webhooks
