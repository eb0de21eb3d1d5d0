// Range parsing by hand: Beast has no Range support and the grammar for one range is a
// few lines.
#include "http/byte_range.h"

#include <charconv>
#include <optional>

namespace manimd::http {
namespace {

std::optional<std::uint64_t> ParseNumber(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::uint64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

ByteRange ParseByteRange(std::string_view header, std::uint64_t size) {
  ByteRange whole;
  header = Trim(header);
  constexpr std::string_view kUnit = "bytes=";
  if (header.substr(0, kUnit.size()) != kUnit) return whole;
  std::string_view spec = Trim(header.substr(kUnit.size()));
  if (spec.find(',') != std::string_view::npos) return whole;
  size_t dash = spec.find('-');
  if (dash == std::string_view::npos) return whole;
  std::string_view first_text = Trim(spec.substr(0, dash));
  std::string_view last_text = Trim(spec.substr(dash + 1));
  ByteRange r{ByteRange::Kind::kPartial, 0, 0};
  if (first_text.empty()) {  // suffix: the last N bytes
    std::optional<std::uint64_t> n = ParseNumber(last_text);
    if (!n) return whole;
    if (*n == 0 || size == 0) return {ByteRange::Kind::kUnsatisfiable, 0, 0};
    r.first = *n >= size ? 0 : size - *n;
    r.last = size - 1;
    return r;
  }
  std::optional<std::uint64_t> first = ParseNumber(first_text);
  if (!first) return whole;
  std::optional<std::uint64_t> last =
      last_text.empty() ? std::optional<std::uint64_t>(UINT64_MAX) : ParseNumber(last_text);
  if (!last || *last < *first) return whole;
  if (*first >= size) return {ByteRange::Kind::kUnsatisfiable, 0, 0};
  r.first = *first;
  r.last = *last >= size ? size - 1 : *last;
  return r;
}

}  // namespace manimd::http
