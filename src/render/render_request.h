// What to render: the scene source and the manim options a user may set, with parsing and
// validation of each option. Knows nothing of sandboxes, HTTP or storage.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace manimd::render {

// manim's quality presets: l=480p15, m=720p30, h=1080p60, p=1440p60, k=2160p60.
enum class Quality { kLow, kMedium, kHigh, kProduction, kFourK };
enum class Format { kMp4, kWebm, kGif, kMov, kPng };
// How old scene code is taken: kV019 adapts manim 0.19-era code inside the sandbox (and
// warns for each adaptation); kNone runs it on the runtime's manim unchanged.
enum class Compat { kV019, kNone };
// Which frame of a video becomes its poster PNG.
enum class Poster { kLast, kFirst };

struct Resolution {
  int width = 0;
  int height = 0;
  bool operator==(const Resolution&) const = default;
};

// Animations [from, upto) of a scene, 0-based; upto < 0 means to the end. One chunk of a
// split render (docs/split.md); manim skips the others (its -n FROM,UPTO).
struct AnimationRange {
  int from = 0;
  int upto = -1;
  bool operator==(const AnimationRange&) const = default;
};

struct RenderRequest {
  std::string code;                      // the Python source, UTF-8
  std::string source_name = "scene.py";  // the name errors show (file:line:col)
  std::optional<std::string> scene;      // Scene subclass to render; first one if unset
  Quality quality = Quality::kMedium;
  std::optional<Format> format;  // mp4, or mov when transparent, if unset
  std::optional<int> fps;
  std::optional<Resolution> resolution;
  bool transparent = false;
  Compat compat = Compat::kV019;
  Poster poster = Poster::kLast;  // videos only; a png render is its own picture
  // Validate only: syntax, scenes and a dry pass of construct(); no frames, no file.
  bool dry_run = false;
  // The API's "split": false forbids splitting this render; unset or true lets the server
  // decide (docs/split.md).
  std::optional<bool> split;
  // Set by manimd only, for one chunk of a split render: the animations to render.
  std::optional<AnimationRange> chunk;
};

// Accepts "l", "-ql", "low" and the other four presets likewise.
core::Result<Quality> ParseQuality(std::string_view text);
core::Result<Format> ParseFormat(std::string_view text);
// "0.19" or "none".
core::Result<Compat> ParseCompat(std::string_view text);
const char* CompatName(Compat c);  // "0.19", "none"
// "last" or "first".
core::Result<Poster> ParsePoster(std::string_view text);
const char* PosterName(Poster p);
// Whether a render of `request` gets a poster: a video format, not a dry run.
bool WantsPoster(const RenderRequest& request);
// "W,H" (also "WxH"), each an even number of pixels in [16, 7680].
core::Result<Resolution> ParseResolution(std::string_view text);

char QualityLetter(Quality q);       // 'l', 'm', ...
const char* QualityName(Quality q);  // manim's config name, "low_quality", ...
const char* FormatName(Format f);    // "mp4", ...
Resolution QualityResolution(Quality q);
int QualityFps(Quality q);

// The format to produce: the requested one, else mov for transparent output, else mp4.
Format EffectiveFormat(const RenderRequest& request);

// One problem with one field; `message` starts with the field's API name ("fps must ...").
struct FieldError {
  std::string field;  // "codeContent", "scene", "fps", "transparent"
  std::string message;
};

// Every problem with the request's fields, in field order; empty when valid.
std::vector<FieldError> CheckFields(const RenderRequest& request, size_t max_code_bytes);
// The first of CheckFields as an InvalidArgument, or Ok.
core::Status Validate(const RenderRequest& request, size_t max_code_bytes);

// True for a Python identifier: letters (UTF-8 included), digits not first, '_'. Such a
// name is also safe as a file name stem.
bool IsSceneName(std::string_view name);

}  // namespace manimd::render
