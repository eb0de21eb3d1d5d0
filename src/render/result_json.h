// The JSON shapes of render outcomes that every front end shares (the HTTP API's job
// object and answers, `manimd render --json`): the error object and the warnings list.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "render/progress.h"
#include "render/render_request.h"
#include "render/render_result.h"

namespace manimd::render {

// {"kind","message","traceback","logTail","location"?:{line,column,code},"hint"?,
//  "manimVersion","compat"}
boost::json::object ErrorJson(const RenderError& error, const std::string& manim_version,
                              Compat compat);

// `value` rounded to `decimals` places, whole numbers as integers (Boost.JSON would print
// 100.0 as "1E2", which strict clients choke on less than humans do).
boost::json::value DecimalJson(double value, int decimals);

// [{"line","code","message"}]; line is null when unknown.
boost::json::array WarningsJson(const std::vector<Warning>& warnings);

// {"wallMs","queueMs","cpuMs","peakMemoryMb","outputBytes"}: peakMemoryMb in MiB with one
// decimal; `queue_ms` and `output_bytes` are what the front end knows (0 on the CLI's
// queue, the stored object's size).
boost::json::object UsageJson(const Usage& usage, std::int64_t queue_ms, std::int64_t output_bytes);

// {"animation","animations","percent"}; percent is 100 once `succeeded`.
boost::json::object ProgressJson(const Progress& progress, bool succeeded);

// A successful dry run: {"ok":true,"scenes","scene","animations","duration_s","warnings"}.
boost::json::object ValidationJson(const Validation& validation,
                                   const std::vector<Warning>& warnings);

// A failed dry run: {"ok":false,"warnings","error"}.
boost::json::object ValidationFailureJson(const RenderError& error,
                                          const std::vector<Warning>& warnings,
                                          const std::string& manim_version, Compat compat);

}  // namespace manimd::render
