// CallToolResults: what a tool answers, as a short text for the model plus
// structuredContent matching the tool's outputSchema (tools.cc). Links only: a video is
// never inlined. Also the progress notification of a render.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>

#include "jobs/job.h"
#include "render/render_result.h"

namespace manimd::mcp {

// How a job's result is shown: `url` is the job's link made absolute (may be "");
// `failure_is_error` sets isError for a failed or cancelled job (render_scene, a task's
// result), not for get_job, whose call itself worked.
struct JobView {
  std::string url;
  std::string manim_version;
  bool failure_is_error = true;
};

// structuredContent {jobId, status, url, scene, durationS, progress, warnings, error}.
boost::json::object JobToolResult(const jobs::Job& job, const JobView& view);

// validate_scene: POST /api/validate's answer as structuredContent; isError when the
// scene failed the dry run.
boost::json::object ValidationToolResult(const render::RenderResult& result,
                                         const std::string& manim_version, render::Compat compat);

// A tool call that could not be carried out for a reason the caller may retry or fix
// (queue full, job already finished): isError with `message` as the text.
boost::json::object ToolErrorResult(const std::string& message);

// notifications/progress params for `progress`: {progressToken, progress (percent),
// total 100, message "animation i of n"}.
boost::json::object ProgressParams(const boost::json::value& token,
                                   const render::Progress& progress);

// The error as one paragraph, "The <what> failed (kind): message", then the line and its
// code, and the hint.
std::string ErrorText(const render::RenderError& error, std::string_view what);

}  // namespace manimd::mcp
