// A remote chunk's result as JSON. The error and warnings use the job document's own
// encoding (jobs/job_codec.h), so a remote chunk's error reads as a local one's.
#include "jobs/chunk_record.h"

#include <boost/json.hpp>

#include "jobs/job_codec.h"

namespace manimd::jobs {
namespace {

namespace json = boost::json;

core::Status Bad(const std::string& field, const std::string& what) {
  return core::InvalidArgument("chunk record: " + field + " " + what);
}

// The string `name` of `o`, or "" when absent; false when present but not a string.
bool String(const json::object& o, const char* name, std::string* out) {
  const json::value* v = o.if_contains(name);
  if (v == nullptr) return true;
  if (!v->is_string()) return false;
  *out = std::string(v->get_string());
  return true;
}

bool Int(const json::object& o, const char* name, std::int64_t* out) {
  const json::value* v = o.if_contains(name);
  if (v == nullptr) return true;
  if (!v->is_int64()) return false;
  *out = v->get_int64();
  return true;
}

}  // namespace

std::string EncodeChunkRecord(const RemoteChunk& chunk) {
  const render::RenderResult& r = chunk.result;
  json::object o{{"index", static_cast<std::int64_t>(chunk.index)},
                 {"taker", chunk.taker},
                 {"warnings", EncodeRenderWarnings(r.warnings)},
                 {"seconds", r.seconds},
                 {"cpuMs", r.usage.cpu_ms},
                 {"peakBytes", r.usage.peak_memory_bytes},
                 {"wallMs", r.usage.wall_ms}};
  if (r.error) o.emplace("error", EncodeRenderError(*r.error));
  if (r.output) {
    json::array scenes;
    for (const std::string& s : r.output->scenes_in_file) scenes.push_back(json::string(s));
    o.emplace("object", chunk.object_key);
    o.emplace("poster", chunk.poster_key);
    o.emplace("scene", r.output->scene);
    o.emplace("extension", r.output->extension);
    o.emplace("bytes", r.output->bytes);
    o.emplace("scenes", std::move(scenes));
  }
  return json::serialize(o);
}

core::Result<RemoteChunk> DecodeChunkRecord(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return Bad("", "is not a JSON object");
  const json::object& o = v.get_object();
  RemoteChunk c;
  render::RenderResult& r = c.result;
  std::int64_t index = -1;
  if (!Int(o, "index", &index) || index < 0 || index > 10000) return Bad("index", "is invalid");
  c.index = static_cast<size_t>(index);
  if (!String(o, "taker", &c.taker)) return Bad("taker", "is not a string");
  if (!Int(o, "cpuMs", &r.usage.cpu_ms) || !Int(o, "peakBytes", &r.usage.peak_memory_bytes) ||
      !Int(o, "wallMs", &r.usage.wall_ms)) {
    return Bad("usage", "is not an integer");
  }
  if (const json::value* s = o.if_contains("seconds"); s && s->is_number()) {
    r.seconds = s->to_number<double>();
  }
  if (const json::value* w = o.if_contains("warnings"); w && w->is_array()) {
    r.warnings = DecodeRenderWarnings(w->get_array());
  }
  if (const json::value* e = o.if_contains("error")) {
    if (!e->is_object()) return Bad("error", "is not an object");
    core::Result<render::RenderError> error = DecodeRenderError(e->get_object());
    if (!error.ok()) return error.status();
    r.error = std::move(*error);
    return c;
  }
  render::RenderOutput out;
  std::int64_t bytes = 0;
  if (!String(o, "object", &c.object_key) || c.object_key.empty()) {
    return Bad("object", "is missing (and there is no error)");
  }
  if (!String(o, "poster", &c.poster_key) || !String(o, "scene", &out.scene) ||
      !String(o, "extension", &out.extension) || !Int(o, "bytes", &bytes)) {
    return Bad("output", "is invalid");
  }
  // Both become a file name on the coordinator: a Python identifier, a short extension.
  auto plain = [](const std::string& s, size_t most) {
    return !s.empty() && s.size() <= most &&
           s.find_first_not_of(
               "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
               "0123456789_") == std::string::npos;
  };
  if (!plain(out.scene, 200)) return Bad("scene", "is not a scene name");
  if (!plain(out.extension, 8)) return Bad("extension", "is not a file extension");
  out.bytes = bytes;
  if (const json::value* s = o.if_contains("scenes"); s && s->is_array()) {
    for (const json::value& name : s->get_array()) {
      if (name.is_string()) out.scenes_in_file.emplace_back(name.get_string());
    }
  }
  r.output = std::move(out);
  return c;
}

}  // namespace manimd::jobs
