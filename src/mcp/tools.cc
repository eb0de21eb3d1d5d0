// Schemas are JSON Schema 2020-12 (MCP 2025-11-25's default dialect) and stay within what
// 2025-06-18 clients understand. additionalProperties is false on inputs so that a
// misspelt argument is an error rather than silently ignored.
#include "mcp/tools.h"

#include <boost/json/object.hpp>

namespace manimd::mcp {
namespace {

namespace json = boost::json;

json::object StringProp(std::string_view description) {
  return {{"type", "string"}, {"description", description}};
}

json::object EnumProp(std::initializer_list<std::string_view> values,
                      std::string_view description) {
  json::array list;
  for (std::string_view v : values) list.emplace_back(v);
  return {{"type", "string"}, {"enum", std::move(list)}, {"description", description}};
}

json::object SceneInputSchema(bool render) {
  json::object props{
      {"code", json::object{{"type", "string"},
                            {"minLength", 1},
                            {"description",
                             "The Python source: `from manim import *` and one or more Scene "
                             "subclasses."}}},
      {"scene", StringProp("The Scene subclass to use; default: the first one in the file.")},
      {"quality", EnumProp({"-ql", "-qm", "-qh", "-qp", "-qk"},
                           "480p15, 720p30, 1080p60, 1440p60 or 2160p60. Default -qm.")},
      {"compat", EnumProp({"0.19", "none"},
                          "\"0.19\" (default) adapts manim 0.19-era code to the runtime's "
                          "manim 0.21 and warns about each change; \"none\" runs it as is.")}};
  if (render) {
    props["format"] = EnumProp({"mp4", "webm", "gif", "mov", "png"},
                               "Output format; png is the last frame. Default mp4.");
    props["wait"] =
        json::object{{"type", "boolean"},
                     {"description",
                      "true (default): answer when the render ends, with progress notifications. "
                      "false: answer at once with the jobId and poll get_job."}};
    props["cache"] = json::object{
        {"type", "boolean"},
        {"description",
         "true (default): an identical earlier render is answered at once from storage "
         "(cached: true). false: render anyway."}};
  }
  return {{"type", "object"},
          {"properties", std::move(props)},
          {"required", json::array{"code"}},
          {"additionalProperties", false}};
}

json::object JobIdInputSchema() {
  return {{"type", "object"},
          {"properties", json::object{{"jobId", StringProp("A jobId from render_scene.")}}},
          {"required", json::array{"jobId"}},
          {"additionalProperties", false}};
}

json::array Nullable(std::string_view type) { return json::array{type, "null"}; }

// What render_scene, get_job and cancel_job put in structuredContent.
json::object JobOutputSchema() {
  json::object props{
      {"jobId", json::object{{"type", "string"}}},
      {"status", EnumProp({"queued", "running", "uploading", "succeeded", "failed", "cancelled"},
                          "The job's status.")},
      {"url", json::object{{"type", Nullable("string")},
                           {"description", "Where the video downloads from, once succeeded."}}},
      {"scene", json::object{{"type", Nullable("string")}}},
      {"cached", json::object{{"type", "boolean"},
                              {"description",
                               "true: answered with an earlier identical render's "
                               "video, no render ran."}}},
      {"durationS", json::object{{"type", Nullable("number")},
                                 {"description", "Seconds the render took, once finished."}}},
      {"progress", json::object{{"type", "object"}}},
      {"warnings", json::object{{"type", "array"}, {"items", json::object{{"type", "object"}}}}},
      {"error", json::object{{"type", Nullable("object")},
                             {"description",
                              "kind, message, location {line, column, code}, "
                              "hint, traceback, when it failed."}}}};
  return {{"type", "object"},
          {"properties", std::move(props)},
          {"required", json::array{"jobId", "status"}}};
}

json::object ValidationOutputSchema() {
  json::object props{
      {"ok", json::object{{"type", "boolean"}}},
      {"scenes", json::object{{"type", "array"}, {"items", json::object{{"type", "string"}}}}},
      {"scene", json::object{{"type", "string"}}},
      {"animations", json::object{{"type", "integer"}}},
      {"duration_s", json::object{{"type", "number"}}},
      {"warnings", json::object{{"type", "array"}, {"items", json::object{{"type", "object"}}}}},
      {"error", json::object{{"type", "object"}}}};
  return {{"type", "object"}, {"properties", std::move(props)}, {"required", json::array{"ok"}}};
}

struct ToolInfo {
  Tool tool;
  const char* name;
  const char* title;
  const char* description;
  bool read_only;
  bool destructive;
  bool idempotent;
};

constexpr ToolInfo kTools[] = {
    {Tool::kRenderScene, "render_scene", "Render a Manim scene",
     "Renders a Manim scene in a sandbox and stores the video. Returns its URL (a link, never "
     "the bytes), the jobId, the scene, warnings; on failure isError with the error kind, "
     "message, the failing line and a hint.",
     false, false, false},
    {Tool::kValidateScene, "validate_scene", "Check a Manim scene without rendering",
     "Checks syntax, finds the scenes and runs construct() without drawing frames: fast, and "
     "the same errors a render would give. Returns the scene, animation count and duration.",
     true, false, true},
    {Tool::kGetJob, "get_job", "Get a render job",
     "The status of a render job: progress while it runs, then the URL or the error.", true, false,
     true},
    {Tool::kCancelJob, "cancel_job", "Cancel a render job",
     "Stops a queued or running render (its sandbox is killed).", false, true, true},
};

}  // namespace

const char* ToolName(Tool tool) {
  for (const ToolInfo& t : kTools) {
    if (t.tool == tool) return t.name;
  }
  return "";
}

std::optional<Tool> ParseTool(std::string_view name) {
  for (const ToolInfo& t : kTools) {
    if (name == t.name) return t.tool;
  }
  return std::nullopt;
}

bool ToolSupportsTasks(Tool tool) { return tool == Tool::kRenderScene; }

json::array ToolDefinitions(bool tasks) {
  json::array out;
  for (const ToolInfo& t : kTools) {
    json::object def{{"name", t.name}, {"title", t.title}, {"description", t.description}};
    bool scene = t.tool == Tool::kRenderScene || t.tool == Tool::kValidateScene;
    def["inputSchema"] =
        scene ? SceneInputSchema(t.tool == Tool::kRenderScene) : JobIdInputSchema();
    def["outputSchema"] =
        t.tool == Tool::kValidateScene ? ValidationOutputSchema() : JobOutputSchema();
    def["annotations"] = json::object{{"title", t.title},
                                      {"readOnlyHint", t.read_only},
                                      {"destructiveHint", t.destructive},
                                      {"idempotentHint", t.idempotent},
                                      {"openWorldHint", false}};
    if (tasks && ToolSupportsTasks(t.tool)) {
      def["execution"] = json::object{{"taskSupport", "optional"}};
    }
    out.push_back(std::move(def));
  }
  return out;
}

}  // namespace manimd::mcp
