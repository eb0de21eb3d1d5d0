// The outcome of one render: the produced file, or a failure with a stable kind name that
// the CLI's --json output and the HTTP API both use (see docs/errors.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace manimd::render {

// Stable names; never rename one, clients match on them.
enum class ErrorKind {
  kInvalidCode,    // invalid_code: syntax error, or no Scene subclass at all
  kSceneNotFound,  // scene_not_found: the named scene is not in the file
  kPythonError,    // python_error: the scene raised an exception
  kTimeout,        // timeout: wall-clock or CPU time limit reached
  kMemoryLimit,    // memory_limit: address-space limit reached
  kProcessLimit,   // process_limit: the scene tried to start too many processes
  kOutputLimit,    // output_limit: job directory or one file grew past the limit
  kCancelled,      // cancelled: stopped on request
  kStorageError,   // storage_error: the result could not be stored
  kInternal,       // internal: manimd itself failed (sandbox would not start, ...)
  kLatexError,     // latex_error: a Tex/MathTex string did not compile (or a .sty is missing)
};

const char* ErrorKindName(ErrorKind kind);
std::optional<ErrorKind> ParseErrorKind(std::string_view name);

// Where in the user's own file something happened (never a line of manim or of ours).
struct SourceLocation {
  int line = 0;      // 1-based
  int column = 0;    // 1-based; 0 when unknown
  std::string code;  // the text of that line, stripped
  bool operator==(const SourceLocation&) const = default;
};

// Something the render did that the author should know: a 0.19-era call adapted by the
// compatibility layer, say. `code` is a stable id ("compat.rotating_radians").
struct Warning {
  int line = 0;  // in the user's file; 0 when unknown
  std::string code;
  std::string message;
  bool operator==(const Warning&) const = default;
};

struct RenderError {
  ErrorKind kind = ErrorKind::kInternal;
  std::string message;                     // one or a few lines a scene's author understands
  std::string traceback;                   // plain Python traceback, no colour codes; may be empty
  std::string log_tail;                    // last lines the render printed; may be empty
  std::optional<SourceLocation> location;  // innermost frame in the user's file, if any
  std::string hint;                        // what to change, when we know; may be empty

  static RenderError Of(ErrorKind kind, std::string message, std::string traceback = "",
                        std::string log_tail = "") {
    RenderError e;
    e.kind = kind;
    e.message = std::move(message);
    e.traceback = std::move(traceback);
    e.log_tail = std::move(log_tail);
    return e;
  }
};

struct RenderOutput {
  std::string path;       // host path of the produced file
  std::string scene;      // the Scene subclass rendered
  std::string extension;  // "mp4", "mov", ... as manim wrote it
  long long bytes = 0;
  std::vector<std::string> scenes_in_file;  // every Scene subclass, file order
  std::string poster_path;                  // host path of its poster PNG; "" when none
};

// What a dry run (validate) learned instead of a file.
struct Validation {
  std::string scene;                        // the Scene subclass it would render
  std::vector<std::string> scenes_in_file;  // every Scene subclass, file order
  int animations = 0;                       // play()/wait() calls construct() made
  double duration_s = 0;                    // seconds of animation they add up to
  std::vector<double> play_seconds;         // each play()/wait(), in order (docs/split.md)
  std::string split_blocker;                // why it cannot be split; empty when it can
};

// What one render cost, measured by the runner from the sandbox's own processes (wait4's
// rusage of the process that reaped them all), never from a slot or the host as a whole.
struct Usage {
  std::int64_t wall_ms = 0;            // the render, slot wait and storing excluded
  std::int64_t cpu_ms = 0;             // user + system time of every process of the sandbox
  std::int64_t peak_memory_bytes = 0;  // the largest resident set one of them reached
  bool operator==(const Usage&) const = default;
};

struct RenderResult {
  std::optional<RenderOutput> output;    // set exactly when a render succeeded
  std::optional<Validation> validation;  // set exactly when a dry run succeeded
  std::optional<RenderError> error;      // set exactly when it failed
  std::vector<Warning> warnings;         // in the order they were reported, either way
  double seconds = 0;                    // wall-clock time of the whole render
  Usage usage;                           // cpu and memory; wall_ms is `seconds` in ms
  bool ok() const { return output.has_value() || validation.has_value(); }
};

}  // namespace manimd::render
