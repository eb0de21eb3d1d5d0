// The JSON-lines protocol spoken by runtime/manimd_render.py on fd 3, parsed. The helper
// runs beside untrusted code, so every line is validated and a bad one is just dropped.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/status.h"
#include "render/render_result.h"

namespace manimd::render {

struct ScenesEvent {
  std::vector<std::string> names;  // every Scene subclass, file order
};
struct SceneEvent {
  std::string name;  // the one being rendered
};
struct AnimationsEvent {
  int count = 0;  // total play()/wait() calls, from the counting pass
};
struct ProgressEvent {
  int animation = 0;   // 1-based
  double percent = 0;  // within that animation, 0..100
};
struct ResultEvent {
  bool ok = false;
  std::string path;  // sandbox path of the output, when ok
  std::string scene;
  std::string kind;  // error kind name, when !ok
  std::string message;
  std::string traceback;
  std::optional<SourceLocation> location;  // when !ok: the user's failing line
  std::string hint;                        // when !ok: what to change, if known
  bool validated = false;                  // ok from a dry run: no output, these instead
  int animations = 0;
  double duration_s = 0;
  std::vector<double> play_seconds;  // each play()/wait() of the dry run, in order
  std::string split_blocker;         // why the scene cannot be split; empty when it can
};
// {"event":"started"}: the helper runs, before any of the scene's code does.
struct StartedEvent {};
// {"event":"warning","line":n,"code":"compat.x","message":...}
struct WarningEvent {
  Warning warning;
};

using WrapperEvent = std::variant<ScenesEvent, SceneEvent, AnimationsEvent, ProgressEvent,
                                  ResultEvent, WarningEvent, StartedEvent>;

// One line (without its newline). InvalidArgument for anything malformed or unknown.
core::Result<WrapperEvent> ParseWrapperEvent(std::string_view line);

// Splits a byte stream into lines; holds at most `max_line` bytes of a partial line
// (the rest of an over-long line is dropped, so a hostile writer cannot grow memory).
class LineSplitter {
 public:
  explicit LineSplitter(size_t max_line = 1 << 20) : max_line_(max_line) {}
  // Appends bytes and returns the complete lines they finished.
  std::vector<std::string> Feed(std::string_view bytes);
  // The unterminated rest, if any (call at end of stream).
  std::string TakeRest();

 private:
  size_t max_line_;
  std::string partial_;
  bool overflowed_ = false;
};

}  // namespace manimd::render
