// Field rules are render_request.h's (the same as POST /api/jobs), under the tools'
// argument names: `code` here is `codeContent` there.
#include "mcp/tool_args.h"

#include <boost/json/array.hpp>
#include <vector>

#include "core/json_kind.h"

namespace manimd::mcp {
namespace {

namespace json = boost::json;
using render::FieldError;

using core::JsonKindName;

// Reads string field `name`; a wrong type is recorded. Absent (or null): nullptr.
const json::string* StringField(const json::object& o, const char* name,
                                std::vector<FieldError>* errors) {
  const json::value* v = o.if_contains(name);
  if (v == nullptr || v->is_null()) return nullptr;
  if (v->is_string()) return &v->get_string();
  errors->push_back({name, std::string(name) + " must be a string (got " + JsonKindName(*v) + ")"});
  return nullptr;
}

template <typename T, typename Parse>
void EnumField(const json::object& o, const char* name, Parse parse, T* out,
               std::vector<FieldError>* errors) {
  const json::string* s = StringField(o, name, errors);
  if (s == nullptr) return;
  core::Result<T> r = parse(std::string_view(*s));
  if (r.ok()) {
    *out = *r;
  } else {
    errors->push_back({name, r.status().message()});
  }
}

void UnknownFields(const json::object& o, std::initializer_list<std::string_view> known,
                   std::vector<FieldError>* errors) {
  for (const auto& [key, value] : o) {
    bool ok = false;
    for (std::string_view k : known) ok = ok || key == k;
    if (!ok) {
      errors->push_back({std::string(key), "unknown argument " + std::string(key) +
                                               "; the arguments are in the tool's inputSchema"});
    }
  }
}

// The request's own checks, renamed: codeContent is `code` to a tool caller.
void RequestChecks(const SceneArgs& args, const ArgOptions& options,
                   std::vector<FieldError>* errors) {
  for (FieldError& e : render::CheckFields(args.request, options.max_code_bytes)) {
    if (e.field == "codeContent") {
      e.field = "code";
      e.message = "code" + e.message.substr(std::string_view("codeContent").size());
    }
    bool seen = false;
    for (const FieldError& f : *errors) seen = seen || f.field == e.field;
    if (!seen) errors->push_back(std::move(e));
  }
}

// An optional boolean: absent or null leaves `out` as it is.
void BoolField(const json::object& o, const char* name, bool* out,
               std::vector<FieldError>* errors) {
  const json::value* v = o.if_contains(name);
  if (v == nullptr || v->is_null()) return;
  if (v->is_bool()) {
    *out = v->get_bool();
  } else {
    errors->push_back({name, std::string(name) + " must be true or false (got " +
                                 std::string(JsonKindName(*v)) + ")"});
  }
}

SceneArgs ReadScene(Tool tool, const json::object& o, const ArgOptions& options,
                    std::vector<FieldError>* errors) {
  bool render = tool == Tool::kRenderScene;
  if (render) {
    UnknownFields(o, {"code", "scene", "quality", "compat", "format", "wait", "cache"}, errors);
  } else {
    UnknownFields(o, {"code", "scene", "quality", "compat"}, errors);
  }
  SceneArgs args;
  args.request.compat = options.default_compat;
  args.request.dry_run = !render;
  if (const json::string* code = StringField(o, "code", errors)) {
    args.request.code = std::string(*code);
  } else if (!o.contains("code") || o.at("code").is_null()) {
    errors->push_back({"code", "code is required: the scene's Python source"});
  }
  if (const json::string* scene = StringField(o, "scene", errors)) {
    args.request.scene = std::string(*scene);
  }
  EnumField(o, "quality", render::ParseQuality, &args.request.quality, errors);
  EnumField(o, "compat", render::ParseCompat, &args.request.compat, errors);
  if (render) {
    render::Format format = render::Format::kMp4;
    if (o.contains("format")) {
      size_t before = errors->size();
      EnumField(o, "format", render::ParseFormat, &format, errors);
      if (errors->size() == before && !o.at("format").is_null()) args.request.format = format;
    }
    BoolField(o, "wait", &args.wait, errors);
    BoolField(o, "cache", &args.cache, errors);
  }
  RequestChecks(args, options, errors);  // after the type checks, which win per field
  return args;
}

JobArgs ReadJob(const json::object& o, std::vector<FieldError>* errors) {
  UnknownFields(o, {"jobId"}, errors);
  JobArgs args;
  if (const json::string* id = StringField(o, "jobId", errors)) {
    args.job_id = std::string(*id);
    if (args.job_id.empty()) errors->push_back({"jobId", "jobId must not be empty"});
  } else if (!o.contains("jobId") || o.at("jobId").is_null()) {
    errors->push_back({"jobId", "jobId is required"});
  }
  return args;
}

RpcError FieldErrors(Tool tool, const std::vector<FieldError>& errors) {
  json::array list;
  for (const FieldError& e : errors) {
    list.push_back(
        json::object{{"path", json::array{json::string(e.field)}}, {"message", e.message}});
  }
  std::string message =
      std::string("invalid arguments for ") + ToolName(tool) + ": " + errors.front().message;
  if (errors.size() > 1) message += " (and " + std::to_string(errors.size() - 1) + " more)";
  return RpcError{kInvalidParams, std::move(message), json::object{{"errors", std::move(list)}}};
}

}  // namespace

std::variant<ToolArgs, RpcError> ParseToolArgs(Tool tool, const json::object& arguments,
                                               const ArgOptions& options) {
  std::vector<FieldError> errors;
  ToolArgs args;
  if (tool == Tool::kRenderScene || tool == Tool::kValidateScene) {
    args = ReadScene(tool, arguments, options, &errors);
  } else {
    args = ReadJob(arguments, &errors);
  }
  if (!errors.empty()) return FieldErrors(tool, errors);
  return args;
}

}  // namespace manimd::mcp
