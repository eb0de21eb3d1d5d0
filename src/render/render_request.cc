// Parsing and validation of render options.
#include "render/render_request.h"

#include <array>
#include <charconv>

namespace manimd::render {
namespace {

struct QualityInfo {
  Quality quality;
  char letter;
  const char* long_name;
  const char* manim_name;
  Resolution resolution;
  int fps;
};

constexpr std::array<QualityInfo, 5> kQualities = {{
    {Quality::kLow, 'l', "low", "low_quality", {854, 480}, 15},
    {Quality::kMedium, 'm', "medium", "medium_quality", {1280, 720}, 30},
    {Quality::kHigh, 'h', "high", "high_quality", {1920, 1080}, 60},
    {Quality::kProduction, 'p', "production", "production_quality", {2560, 1440}, 60},
    {Quality::kFourK, 'k', "fourk", "fourk_quality", {3840, 2160}, 60},
}};

constexpr std::array<std::pair<Format, const char*>, 5> kFormats = {{
    {Format::kMp4, "mp4"},
    {Format::kWebm, "webm"},
    {Format::kGif, "gif"},
    {Format::kMov, "mov"},
    {Format::kPng, "png"},
}};

const QualityInfo& Info(Quality q) { return kQualities[static_cast<size_t>(q)]; }

bool ParseInt(std::string_view text, int* out) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, *out);
  return ec == std::errc() && ptr == end && !text.empty();
}

}  // namespace

core::Result<Quality> ParseQuality(std::string_view text) {
  std::string_view t = text;
  if (t.size() == 3 && t.substr(0, 2) == "-q") t = t.substr(2);
  for (const QualityInfo& info : kQualities) {
    if ((t.size() == 1 && t[0] == info.letter) || t == info.long_name || t == info.manim_name) {
      return info.quality;
    }
  }
  return core::InvalidArgument("quality must be one of -ql, -qm, -qh, -qp, -qk (got \"" +
                               std::string(text) + "\")");
}

core::Result<Format> ParseFormat(std::string_view text) {
  for (const auto& [format, name] : kFormats) {
    if (text == name) return format;
  }
  return core::InvalidArgument("format must be one of mp4, webm, gif, mov, png (got \"" +
                               std::string(text) + "\")");
}

core::Result<Compat> ParseCompat(std::string_view text) {
  if (text == "0.19") return Compat::kV019;
  if (text == "none") return Compat::kNone;
  return core::InvalidArgument("compat must be \"0.19\" or \"none\" (got \"" + std::string(text) +
                               "\")");
}

const char* CompatName(Compat c) { return c == Compat::kV019 ? "0.19" : "none"; }

core::Result<Poster> ParsePoster(std::string_view text) {
  if (text == "last") return Poster::kLast;
  if (text == "first") return Poster::kFirst;
  // Bounded: the value is the client's and ends up in an error message.
  return core::InvalidArgument("poster must be \"last\" or \"first\" (got \"" +
                               std::string(text.substr(0, 40)) + "\")");
}

const char* PosterName(Poster p) { return p == Poster::kLast ? "last" : "first"; }

bool WantsPoster(const RenderRequest& request) {
  return !request.dry_run && EffectiveFormat(request) != Format::kPng;
}

core::Result<Resolution> ParseResolution(std::string_view text) {
  size_t sep = text.find_first_of(",x");
  Resolution r;
  if (sep == std::string_view::npos || !ParseInt(text.substr(0, sep), &r.width) ||
      !ParseInt(text.substr(sep + 1), &r.height)) {
    return core::InvalidArgument("resolution must look like \"1280,720\" (got \"" +
                                 std::string(text) + "\")");
  }
  for (int side : {r.width, r.height}) {
    if (side < 16 || side > 7680 || side % 2 != 0) {
      return core::InvalidArgument("resolution sides must be even numbers from 16 to 7680 (got \"" +
                                   std::string(text) + "\")");
    }
  }
  return r;
}

char QualityLetter(Quality q) { return Info(q).letter; }
const char* QualityName(Quality q) { return Info(q).manim_name; }
Resolution QualityResolution(Quality q) { return Info(q).resolution; }
int QualityFps(Quality q) { return Info(q).fps; }

Format EffectiveFormat(const RenderRequest& request) {
  return request.format.value_or(request.transparent ? Format::kMov : Format::kMp4);
}

const char* FormatName(Format f) { return kFormats[static_cast<size_t>(f)].second; }

bool IsSceneName(std::string_view name) {
  if (name.empty() || name.size() > 200) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    // Bytes >= 0x80 are UTF-8 letters of a non-ASCII identifier (Python allows them).
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    bool digit = c >= '0' && c <= '9';
    if (!alpha && !(digit && i > 0)) return false;
  }
  return true;
}

std::vector<FieldError> CheckFields(const RenderRequest& request, size_t max_code_bytes) {
  std::vector<FieldError> errors;
  auto add = [&](const char* field, std::string message) {
    errors.push_back({field, std::move(message)});
  };
  if (request.code.find_first_not_of(" \t\r\n") == std::string::npos) {
    add("codeContent", "codeContent must not be empty");
  } else if (request.code.size() > max_code_bytes) {
    add("codeContent", "codeContent is " + std::to_string(request.code.size()) +
                           " bytes; the limit is " + std::to_string(max_code_bytes));
  } else if (request.code.find('\0') != std::string::npos) {
    add("codeContent", "codeContent must not contain NUL bytes");
  }
  if (request.scene && !IsSceneName(*request.scene)) {
    add("scene", "scene must be a Python class name (got \"" + *request.scene + "\")");
  }
  if (request.fps && (*request.fps < 1 || *request.fps > 120)) {
    add("fps", "fps must be from 1 to 120 (got " + std::to_string(*request.fps) + ")");
  }
  if (request.transparent && request.format == Format::kMp4) {
    // manim silently switches to .mov for transparent mp4; we say it instead of surprising.
    add("transparent",
        "transparent needs a format with alpha: mov, webm, gif or png (mp4 has none)");
  }
  return errors;
}

core::Status Validate(const RenderRequest& request, size_t max_code_bytes) {
  std::vector<FieldError> errors = CheckFields(request, max_code_bytes);
  if (errors.empty()) return core::Status::Ok();
  return core::InvalidArgument(errors.front().message);
}

}  // namespace manimd::render
