// One place for the error object's fields, so the API and the CLI cannot drift apart.
#include "render/result_json.h"

namespace manimd::render {

namespace json = boost::json;

json::object ErrorJson(const RenderError& error, const std::string& manim_version, Compat compat) {
  json::object o{{"kind", ErrorKindName(error.kind)},
                 {"message", error.message},
                 {"traceback", error.traceback},
                 {"logTail", error.log_tail}};
  if (error.location) {
    o["location"] =
        json::object{{"line", error.location->line},
                     {"column", error.location->column > 0 ? json::value(error.location->column)
                                                           : json::value(nullptr)},
                     {"code", error.location->code}};
  }
  if (!error.hint.empty()) o["hint"] = error.hint;
  o["manimVersion"] = manim_version;
  o["compat"] = CompatName(compat);
  return o;
}

json::array WarningsJson(const std::vector<Warning>& warnings) {
  json::array a;
  for (const Warning& w : warnings) {
    a.push_back(json::object{{"line", w.line > 0 ? json::value(w.line) : json::value(nullptr)},
                             {"code", w.code},
                             {"message", w.message}});
  }
  return a;
}

}  // namespace manimd::render
