// Parsing of the helper's event lines with Boost.JSON (non-throwing API).
#include "render/wrapper_events.h"

#include <boost/json.hpp>

namespace manimd::render {
namespace {

namespace json = boost::json;

std::string Str(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

bool Int(const json::object& o, std::string_view key, int* out) {
  const json::value* v = o.if_contains(key);
  if (!v || !v->is_int64()) return false;
  *out = static_cast<int>(v->get_int64());
  return true;
}

bool Number(const json::object& o, std::string_view key, double* out) {
  const json::value* v = o.if_contains(key);
  if (!v || !v->is_number()) return false;
  boost::system::error_code ec;
  *out = v->to_number<double>(ec);
  return !ec;
}

// The split probes' findings (runtime/manimd_split.py). Anything malformed makes the scene
// unsplittable rather than the dry run failed: splitting is an optimisation.
void ReadPlays(const json::object& o, ResultEvent* e) {
  e->split_blocker = Str(o, "split_blocker");
  const json::value* plays = o.if_contains("plays");
  if (plays == nullptr || !plays->is_array()) {
    if (e->split_blocker.empty()) e->split_blocker = "no animation durations reported";
    return;
  }
  for (const json::value& p : plays->get_array()) {
    boost::system::error_code ec;
    double seconds = p.is_number() ? p.to_number<double>(ec) : -1;
    if (ec || !(seconds >= 0 && seconds <= 86400)) {
      e->play_seconds.clear();
      e->split_blocker = "a malformed animation duration";
      return;
    }
    e->play_seconds.push_back(seconds);
  }
}

}  // namespace

core::Result<WrapperEvent> ParseWrapperEvent(std::string_view line) {
  boost::system::error_code ec;
  json::value v = json::parse(line, ec);
  if (ec || !v.is_object()) return core::InvalidArgument("not a JSON object");
  const json::object& o = v.get_object();
  std::string event = Str(o, "event");
  if (event == "scenes") {
    ScenesEvent e;
    const json::value* names = o.if_contains("names");
    if (!names || !names->is_array()) return core::InvalidArgument("scenes without names");
    for (const json::value& n : names->get_array()) {
      if (n.is_string()) e.names.emplace_back(n.get_string());
    }
    return WrapperEvent(std::move(e));
  }
  if (event == "scene") return WrapperEvent(SceneEvent{Str(o, "name")});
  if (event == "started") return WrapperEvent(StartedEvent{});
  if (event == "animations") {
    AnimationsEvent e;
    if (!Int(o, "count", &e.count) || e.count < 0) return core::InvalidArgument("bad count");
    return WrapperEvent(e);
  }
  if (event == "progress") {
    ProgressEvent e;
    if (!Int(o, "animation", &e.animation) || e.animation < 1 ||
        !Number(o, "percent", &e.percent) || e.percent < 0 || e.percent > 100) {
      return core::InvalidArgument("bad progress");
    }
    return WrapperEvent(e);
  }
  if (event == "result") {
    ResultEvent e;
    const json::value* ok = o.if_contains("ok");
    if (!ok || !ok->is_bool()) return core::InvalidArgument("result without ok");
    e.ok = ok->get_bool();
    e.path = Str(o, "path");
    e.scene = Str(o, "scene");
    e.kind = Str(o, "kind");
    e.message = Str(o, "message");
    e.traceback = Str(o, "traceback");
    e.hint = Str(o, "hint");
    if (const json::value* d = o.if_contains("validated"); d && d->is_bool() && d->get_bool()) {
      e.validated = true;
      if (!Int(o, "animations", &e.animations) || e.animations < 0) e.animations = 0;
      if (!Number(o, "duration_s", &e.duration_s) || !(e.duration_s >= 0)) e.duration_s = 0;
      ReadPlays(o, &e);
    }
    const json::value* where = o.if_contains("location");
    if (where && where->is_object()) {
      SourceLocation loc;
      if (Int(where->get_object(), "line", &loc.line) && loc.line > 0) {
        if (!Int(where->get_object(), "column", &loc.column) || loc.column < 0) loc.column = 0;
        loc.code = Str(where->get_object(), "code");
        e.location = std::move(loc);
      }
    }
    return WrapperEvent(std::move(e));
  }
  if (event == "warning") {
    WarningEvent e;
    if (!Int(o, "line", &e.warning.line) || e.warning.line < 0) e.warning.line = 0;
    e.warning.code = Str(o, "code");
    e.warning.message = Str(o, "message");
    if (e.warning.code.empty()) return core::InvalidArgument("warning without code");
    return WrapperEvent(std::move(e));
  }
  return core::InvalidArgument("unknown event \"" + event + "\"");
}

std::vector<std::string> LineSplitter::Feed(std::string_view bytes) {
  std::vector<std::string> lines;
  while (!bytes.empty()) {
    size_t nl = bytes.find('\n');
    std::string_view piece = bytes.substr(0, nl);
    if (!overflowed_) {
      size_t room = max_line_ - partial_.size();
      if (piece.size() > room) {
        overflowed_ = true;
        piece = piece.substr(0, room);
      }
      partial_.append(piece);
    }
    if (nl == std::string_view::npos) break;
    lines.push_back(std::move(partial_));
    partial_.clear();
    overflowed_ = false;
    bytes.remove_prefix(nl + 1);
  }
  return lines;
}

std::string LineSplitter::TakeRest() {
  std::string rest = std::move(partial_);
  partial_.clear();
  overflowed_ = false;
  return rest;
}

}  // namespace manimd::render
