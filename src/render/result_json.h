// The JSON shapes of render outcomes that every front end shares (the HTTP API's job
// object and answers, `manimd render --json`): the error object and the warnings list.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "render/render_request.h"
#include "render/render_result.h"

namespace manimd::render {

// {"kind","message","traceback","logTail","location"?:{line,column,code},"hint"?,
//  "manimVersion","compat"}
boost::json::object ErrorJson(const RenderError& error, const std::string& manim_version,
                              Compat compat);

// [{"line","code","message"}]; line is null when unknown.
boost::json::array WarningsJson(const std::vector<Warning>& warnings);

}  // namespace manimd::render
