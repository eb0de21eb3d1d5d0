// Texts are written for a language model reading them: what happened, where, and what
// to do next, in a few lines; the structured content carries the rest.
#include "mcp/tool_results.h"

#include <boost/json/array.hpp>
#include <cmath>

#include "render/result_json.h"

namespace manimd::mcp {
namespace {

namespace json = boost::json;
using jobs::JobStatus;

json::object TextContent(std::string text) { return {{"type", "text"}, {"text", std::move(text)}}; }

json::object CallResult(std::string text, json::object structured, bool is_error) {
  return {{"content", json::array{TextContent(std::move(text))}},
          {"structuredContent", std::move(structured)},
          {"isError", is_error}};
}

std::string Seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", s);
  return buf;
}

std::string ProgressText(const render::Progress& p) {
  if (p.animation <= 0) return "";
  std::string text = "animation " + std::to_string(p.animation);
  if (p.animations) text += " of " + std::to_string(*p.animations);
  return text;
}

std::string WarningsText(const std::vector<render::Warning>& warnings) {
  if (warnings.empty()) return "";
  std::string text = "\n" + std::to_string(warnings.size()) + " warning(s):";
  size_t shown = 0;
  for (const render::Warning& w : warnings) {
    if (++shown > 5) break;
    text += "\n- " + (w.line > 0 ? "line " + std::to_string(w.line) + ": " : "") + w.message;
  }
  return text;
}

std::string JobText(const jobs::Job& job, const JobView& view, double seconds) {
  std::string scene = job.scene.empty() ? job.request->scene.value_or("the scene") : job.scene;
  switch (job.status) {
    case JobStatus::kSucceeded:
      if (job.cached) {
        return "Rendered " + scene +
               " (cached: an identical earlier render, no render ran): " + view.url + "\nJob " +
               job.id + WarningsText(job.warnings);
      }
      return "Rendered " + scene + " in " + Seconds(seconds) + ": " + view.url + "\nJob " + job.id +
             WarningsText(job.warnings);
    case JobStatus::kFailed:
    case JobStatus::kCancelled:
      return (job.error ? ErrorText(*job.error, "render") : std::string("The render failed.")) +
             "\nJob " + job.id + WarningsText(job.warnings);
    default:
      break;
  }
  std::string text = "Job " + job.id + " is " + jobs::JobStatusName(job.status);
  if (std::string p = ProgressText(job.progress); !p.empty()) text += ": " + p;
  return text +
         ". Call get_job with this jobId until its status is succeeded (then it has "
         "the video URL) or failed.";
}

}  // namespace

std::string ErrorText(const render::RenderError& error, std::string_view what) {
  std::string text =
      "The " + std::string(what) +
      (error.kind == render::ErrorKind::kCancelled ? " was cancelled (" : " failed (");
  text += std::string(render::ErrorKindName(error.kind)) + "): " + error.message;
  if (error.location) {
    text += "\nAt line " + std::to_string(error.location->line);
    if (error.location->column > 0) text += ", column " + std::to_string(error.location->column);
    if (!error.location->code.empty()) text += ": " + error.location->code;
  }
  if (!error.hint.empty()) text += "\nHint: " + error.hint;
  return text;
}

json::object JobToolResult(const jobs::Job& job, const JobView& view) {
  bool finished = jobs::IsFinal(job.status) && job.started_ms > 0 && job.finished_ms > 0;
  double seconds = finished ? (job.finished_ms - job.started_ms) / 1000.0 : 0;
  std::string scene = job.scene.empty() ? job.request->scene.value_or("") : job.scene;
  json::object s{
      {"jobId", job.id},
      {"status", jobs::JobStatusName(job.status)},
      {"url", view.url.empty() ? json::value(nullptr) : json::value(view.url)},
      {"scene", scene.empty() ? json::value(nullptr) : json::value(scene)},
      {"cached", job.cached},
      {"durationS", finished ? render::DecimalJson(seconds, 3) : json::value(nullptr)},
      {"progress", render::ProgressJson(job.progress, job.status == JobStatus::kSucceeded)},
      {"warnings", render::WarningsJson(job.warnings)},
      {"error", job.error ? json::value(render::ErrorJson(*job.error, view.manim_version,
                                                          job.request->compat))
                          : json::value(nullptr)}};
  bool failed = job.status == JobStatus::kFailed || job.status == JobStatus::kCancelled;
  return CallResult(JobText(job, view, seconds), std::move(s), failed && view.failure_is_error);
}

json::object ValidationToolResult(const render::RenderResult& r, const std::string& manim_version,
                                  render::Compat compat) {
  if (r.validation) {
    const render::Validation& v = *r.validation;
    std::string text = "Valid: " + v.scene + " plays " + std::to_string(v.animations) +
                       " animation(s), " + Seconds(v.duration_s) + " of video." +
                       WarningsText(r.warnings);
    return CallResult(std::move(text), render::ValidationJson(v, r.warnings), false);
  }
  render::RenderError error =
      r.error.value_or(render::RenderError::Of(render::ErrorKind::kInternal, "no result"));
  return CallResult(ErrorText(error, "check") + WarningsText(r.warnings),
                    render::ValidationFailureJson(error, r.warnings, manim_version, compat), true);
}

json::object ToolErrorResult(const std::string& message) {
  return {{"content", json::array{TextContent(message)}}, {"isError", true}};
}

json::object ProgressParams(const json::value& token, const render::Progress& progress) {
  json::object p{{"progressToken", token},
                 {"progress", render::DecimalJson(progress.percent, 1)},
                 {"total", 100}};
  if (std::string text = ProgressText(progress); !text.empty()) p["message"] = text;
  return p;
}

}  // namespace manimd::mcp
