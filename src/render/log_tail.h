// The last lines a render printed, made readable: ANSI colour codes, carriage-return
// progress redraws and rich's box drawing removed. Bounded in lines and bytes.
#pragma once

#include <deque>
#include <string>
#include <string_view>

#include "render/wrapper_events.h"

namespace manimd::render {

// Removes ANSI escape sequences and box-drawing/block characters (U+2500..U+259F) and
// keeps what follows the last '\r' (a progress bar's final redraw).
std::string CleanLogLine(std::string_view line);

class LogTail {
 public:
  explicit LogTail(size_t max_lines = 40, size_t max_line_bytes = 400)
      : max_lines_(max_lines), max_line_bytes_(max_line_bytes), splitter_(64 << 10) {}
  void Append(std::string_view bytes);
  // The kept lines joined with '\n', including any unterminated last line.
  std::string Text();

 private:
  void Push(std::string_view raw);

  size_t max_lines_;
  size_t max_line_bytes_;
  LineSplitter splitter_;
  std::deque<std::string> lines_;
};

}  // namespace manimd::render
