// One place for the error object's fields, so the API and the CLI cannot drift apart.
#include "render/result_json.h"

#include <cmath>
#include <cstdint>

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

json::value DecimalJson(double value, int decimals) {
  double scale = std::pow(10.0, decimals);
  double rounded = std::round(value * scale) / scale;
  if (rounded == std::floor(rounded) && std::fabs(rounded) < 9e15) {
    return static_cast<std::int64_t>(rounded);
  }
  return rounded;
}

json::object UsageJson(const Usage& usage, std::int64_t queue_ms, std::int64_t output_bytes) {
  return json::object{
      {"wallMs", usage.wall_ms},
      {"queueMs", queue_ms},
      {"cpuMs", usage.cpu_ms},
      {"peakMemoryMb", DecimalJson(static_cast<double>(usage.peak_memory_bytes) / (1 << 20), 1)},
      {"outputBytes", output_bytes}};
}

json::object ProgressJson(const Progress& progress, bool succeeded) {
  return {{"animation", progress.animation},
          {"animations",
           progress.animations ? json::value(*progress.animations) : json::value(nullptr)},
          {"percent", DecimalJson(succeeded ? 100.0 : progress.percent, 1)}};
}

json::object ValidationJson(const Validation& v, const std::vector<Warning>& warnings) {
  json::array scenes;
  for (const std::string& s : v.scenes_in_file) scenes.emplace_back(s);
  return {{"ok", true},
          {"scenes", std::move(scenes)},
          {"scene", v.scene},
          {"animations", v.animations},
          {"duration_s", DecimalJson(v.duration_s, 3)},
          {"warnings", WarningsJson(warnings)}};
}

json::object ValidationFailureJson(const RenderError& error, const std::vector<Warning>& warnings,
                                   const std::string& manim_version, Compat compat) {
  return {{"ok", false},
          {"warnings", WarningsJson(warnings)},
          {"error", ErrorJson(error, manim_version, compat)}};
}

}  // namespace manimd::render
