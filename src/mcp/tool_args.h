// A tools/call's arguments, checked and turned into what the tools need. Every problem
// names its field; the first one becomes a JSON-RPC -32602 error whose data lists all
// of them as [{path, message}] (the HTTP API's field errors).
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <variant>

#include "mcp/json_rpc.h"
#include "mcp/tools.h"
#include "render/render_request.h"

namespace manimd::mcp {

// What argument checks need from the configuration.
struct ArgOptions {
  size_t max_code_bytes = 256 * 1024;                     // MAX_CODE_BYTES
  render::Compat default_compat = render::Compat::kV019;  // COMPAT_DEFAULT
};

// render_scene and validate_scene.
struct SceneArgs {
  render::RenderRequest request;  // dry_run set for validate_scene
  bool wait = true;               // render_scene only
  bool cache = true;              // render_scene only: false renders even if cached
};

// get_job and cancel_job.
struct JobArgs {
  std::string job_id;
};

using ToolArgs = std::variant<SceneArgs, JobArgs>;

// `arguments` of a call to `tool` (absent arguments: pass an empty object).
std::variant<ToolArgs, RpcError> ParseToolArgs(Tool tool, const boost::json::object& arguments,
                                               const ArgOptions& options);

}  // namespace manimd::mcp
