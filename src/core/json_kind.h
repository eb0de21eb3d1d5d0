// The name of a JSON value's kind as our error messages say it ("must be a string (got
// number)"), for every parser of client JSON (the render body, MCP tool arguments).
#pragma once

#include <boost/json/value.hpp>

namespace manimd::core {

inline const char* JsonKindName(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null:
      return "null";
    case boost::json::kind::bool_:
      return "boolean";
    case boost::json::kind::int64:
    case boost::json::kind::uint64:
    case boost::json::kind::double_:
      return "number";
    case boost::json::kind::string:
      return "string";
    case boost::json::kind::array:
      return "array";
    case boost::json::kind::object:
      return "object";
  }
  return "value";
}

}  // namespace manimd::core
