// The spec mirrors `manim render`'s options (render/manim_args.h) plus what only the
// helper needs: which scene, how to count, which compatibility mode, where to report.
#include "sandbox/helper_command.h"

#include <boost/json.hpp>

namespace manimd::sandbox {

std::string BuildHelperSpec(const render::RenderRequest& request, const SandboxLayout& layout,
                            int count_timeout_s) {
  boost::json::array manim_args;
  for (const std::string& a : render::BuildManimArgs(request, layout.paths)) {
    manim_args.emplace_back(a);
  }
  boost::json::object spec;
  spec["source"] = layout.paths.source_file;
  spec["display_name"] = request.source_name;
  spec["scene"] = request.scene ? boost::json::value(*request.scene) : boost::json::value();
  spec["manim_args"] = std::move(manim_args);
  // A chunk of a split render needs no count: the dry run that planned it counted, and
  // on a busy slot the counting child would only take CPU from the chunks.
  spec["count_timeout_s"] = request.chunk ? 0 : count_timeout_s;
  spec["compat"] = render::CompatName(request.compat);
  spec["mode"] = request.dry_run ? "validate" : "render";
  spec["events_fd"] = layout.events_fd;
  if (render::WantsPoster(request)) {
    spec["poster"] = boost::json::object{{"path", layout.paths.poster_file},
                                         {"frame", render::PosterName(request.poster)}};
  }
  return boost::json::serialize(spec);
}

std::vector<std::string> BuildHelperCommand(const render::RenderRequest& request,
                                            const SandboxLayout& layout, int count_timeout_s) {
  return {"/usr/bin/python3", "-I", "-B", layout.helper,
          BuildHelperSpec(request, layout, count_timeout_s)};
}

}  // namespace manimd::sandbox
