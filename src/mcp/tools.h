// The four tools this server offers and their tools/list entries: names, descriptions,
// input and output JSON Schemas, annotations and task support. Arguments are checked
// against the same rules in tool_args.cc.
#pragma once

#include <boost/json/array.hpp>
#include <optional>
#include <string_view>

namespace manimd::mcp {

enum class Tool { kRenderScene, kValidateScene, kGetJob, kCancelJob };

// "render_scene", ...
const char* ToolName(Tool tool);
std::optional<Tool> ParseTool(std::string_view name);

// True for the tools that may run as a task (execution.taskSupport "optional").
bool ToolSupportsTasks(Tool tool);

// The tools/list "tools" array. `tasks`: whether to say which tools may run as tasks
// (only meaningful from 2025-11-25 on).
boost::json::array ToolDefinitions(bool tasks);

}  // namespace manimd::mcp
