// See labels.h: every value here comes from a fixed set.
#include "metrics/labels.h"

#include <array>

namespace manimd::metrics {

std::string_view MethodLabel(std::string_view method) {
  static constexpr std::array<std::string_view, 7> kKnown = {"GET",   "HEAD",   "POST",   "PUT",
                                                             "PATCH", "DELETE", "OPTIONS"};
  for (std::string_view m : kKnown) {
    if (m == method) return m;
  }
  return "other";
}

std::string_view RouteLabel(std::string_view pattern) {
  return pattern.empty() ? std::string_view("unmatched") : pattern;
}

std::string StatusLabel(int status) {
  return status >= 100 && status <= 599 ? std::to_string(status) : "other";
}

std::string QualityLabel(char quality) {
  switch (quality) {
    case 'l':
    case 'm':
    case 'h':
    case 'p':
    case 'k':
      return std::string(1, quality);
    default:
      return "other";
  }
}

std::string_view ErrorKindLabel(std::string_view kind) {
  return kind.empty() ? std::string_view("none") : kind;
}

}  // namespace manimd::metrics
