// manim option building. Options mirror `manim render` so a render here matches what a
// user gets from the manim CLI with the same flags.
#include "render/manim_args.h"

namespace manimd::render {

std::vector<std::string> BuildManimArgs(const RenderRequest& request, const ScenePaths& paths) {
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
  if (request.chunk && (request.chunk->from > 0 || request.chunk->upto >= 0)) {
    // manim's range is inclusive at both ends: -n FROM,LAST (FROM alone: to the end).
    std::string range = std::to_string(request.chunk->from);
    if (request.chunk->upto >= 0) range += "," + std::to_string(request.chunk->upto - 1);
    args.insert(args.end(), {"-n", range});
  }
  // Each job has its own media dir, so manim's partial-movie cache could never hit; hashing
  // every play() call for it is pure cost.
  args.insert(args.end(), {"--disable_caching", "--media_dir", paths.media_dir, "--progress_bar",
                           "none", "--verbosity", "WARNING", paths.source_file});
  return args;
}

}  // namespace manimd::render
