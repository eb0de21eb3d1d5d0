// Key generation and checking; the uuid comes from Boost.Uuid's random generator.
#include "storage/object_key.h"

#include <boost/uuid/uuid.hpp>
#include <boost/uuid/uuid_generators.hpp>
#include <boost/uuid/uuid_io.hpp>

namespace manimd::storage {
namespace {

bool IsKeyChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

}  // namespace

std::string NewVideoKey(std::string_view scene, std::string_view extension) {
  // random_generator seeds itself from the OS; one per call keeps this thread-safe.
  boost::uuids::random_generator generate;
  std::string name;
  for (char c : scene) name += IsKeyChar(c) ? c : '_';
  if (name.empty()) name = "scene";
  return "videos/" + boost::uuids::to_string(generate()) + "/" + name + "." +
         std::string(extension);
}

std::string PosterKeyFor(std::string_view video_key) {
  size_t slash = video_key.rfind('/');
  size_t dot = video_key.rfind('.');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) {
    dot = video_key.size();
  }
  return std::string(video_key.substr(0, dot)) + ".poster.png";
}

bool IsSafeKey(std::string_view key) {
  if (key.empty() || key.size() > 512) return false;
  size_t start = 0;
  while (start <= key.size()) {
    size_t slash = key.find('/', start);
    if (slash == std::string_view::npos) slash = key.size();
    std::string_view segment = key.substr(start, slash - start);
    if (segment.empty() || segment == "." || segment == "..") return false;
    for (char c : segment) {
      if (!IsKeyChar(c) && c != '.') return false;
    }
    start = slash + 1;
  }
  return true;
}

const char* ContentTypeFor(std::string_view extension) {
  if (extension == "mp4") return "video/mp4";
  if (extension == "webm") return "video/webm";
  if (extension == "mov") return "video/quicktime";
  if (extension == "gif") return "image/gif";
  if (extension == "png") return "image/png";
  return "application/octet-stream";
}

}  // namespace manimd::storage
