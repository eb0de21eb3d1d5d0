// manim option building. Options mirror `manim render` so a render here matches what a
// user gets from the manim CLI with the same flags.
#include "render/manim_args.h"

#include <boost/json.hpp>

namespace manimd::render {

std::vector<std::string> BuildManimArgs(const RenderRequest& request, const SandboxLayout& layout) {
  std::vector<std::string> args = {std::string("-q") + QualityLetter(request.quality)};
  Format format = EffectiveFormat(request);
  if (format == Format::kPng) {
    // A still: the last frame as one PNG (manim's -s), not a numbered frame sequence.
    args.push_back("--save_last_frame");
  }
  args.insert(args.end(), {"--format", FormatName(format)});
  if (request.fps) args.insert(args.end(), {"--fps", std::to_string(*request.fps)});
  if (request.resolution) {
    args.insert(args.end(), {"--resolution", std::to_string(request.resolution->width) + "," +
                                                 std::to_string(request.resolution->height)});
  }
  if (request.transparent) args.push_back("--transparent");
  // Each job has its own media dir, so manim's partial-movie cache could never hit; hashing
  // every play() call for it is pure cost.
  args.insert(args.end(), {"--disable_caching", "--media_dir", layout.media_dir, "--progress_bar",
                           "none", "--verbosity", "WARNING", layout.source_file});
  return args;
}

std::string BuildHelperSpec(const RenderRequest& request, const SandboxLayout& layout,
                            int count_timeout_s) {
  boost::json::array manim_args;
  for (const std::string& a : BuildManimArgs(request, layout)) manim_args.emplace_back(a);
  boost::json::object spec;
  spec["source"] = layout.source_file;
  spec["display_name"] = request.source_name;
  spec["scene"] = request.scene ? boost::json::value(*request.scene) : boost::json::value();
  spec["manim_args"] = std::move(manim_args);
  spec["count_timeout_s"] = count_timeout_s;
  spec["compat"] = CompatName(request.compat);
  spec["mode"] = request.dry_run ? "validate" : "render";
  return boost::json::serialize(spec);
}

std::vector<std::string> BuildHelperCommand(const RenderRequest& request,
                                            const SandboxLayout& layout, int count_timeout_s) {
  return {"/usr/bin/python3", "-I", "-B", layout.helper,
          BuildHelperSpec(request, layout, count_timeout_s)};
}

}  // namespace manimd::render
