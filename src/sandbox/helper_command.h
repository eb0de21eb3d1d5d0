// What runs inside a sandbox: the in-sandbox helper (runtime/manimd_render.py) and the one
// JSON argument it reads (the job's spec). Pure functions: no I/O.
#pragma once

#include <string>
#include <vector>

#include "render/render_request.h"
#include "sandbox/sandbox_layout.h"

namespace manimd::sandbox {

// {"source","display_name","scene","manim_args","count_timeout_s","compat","mode",
//  "events_fd"}
std::string BuildHelperSpec(const render::RenderRequest& request, const SandboxLayout& layout,
                            int count_timeout_s);

// python3 -I -B <helper> <spec>
std::vector<std::string> BuildHelperCommand(const render::RenderRequest& request,
                                            const SandboxLayout& layout, int count_timeout_s);

}  // namespace manimd::sandbox
