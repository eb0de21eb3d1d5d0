// Object keys and content types of rendered files, as the seed named them:
// videos/<uuid>/<SanitizedScene>.<ext>.
#pragma once

#include <string>
#include <string_view>

namespace manimd::storage {

// "videos/<random uuid v4>/<scene with every byte outside [A-Za-z0-9_-] as '_'>.<ext>".
std::string NewVideoKey(std::string_view scene, std::string_view extension);

// The poster's key beside a video's: "videos/<uuid>/<Scene>.poster.png".
std::string PosterKeyFor(std::string_view video_key);

// True for keys a client may ask for: relative, '/'-separated segments of
// [A-Za-z0-9._-] that are not "." or "..", at most 512 bytes.
bool IsSafeKey(std::string_view key);

// "video/mp4" for "mp4", ...; "application/octet-stream" when unknown.
const char* ContentTypeFor(std::string_view extension);

}  // namespace manimd::storage
