// Reading answers in integration tests: a string or boolean field of a JSON reply (empty or
// false when missing or of another type, so a wrong answer fails an expectation rather than
// throwing), and how often a text occurs in a log.
#pragma once

#include <string>

#include "serve_process.h"

namespace manimd::testing_support {

inline std::string Str(const HttpReply& r, const char* field) {
  return r.json.contains(field) && r.json.at(field).is_string()
             ? std::string(r.json.at(field).as_string())
             : "";
}

inline bool Flag(const HttpReply& r, const char* field) {
  return r.json.contains(field) && r.json.at(field).is_bool() && r.json.at(field).as_bool();
}

inline int Occurrences(const std::string& text, const std::string& what) {
  int n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace manimd::testing_support
