// Log cleaning. A small state machine rather than std::regex: it runs on every byte a
// render prints, and ECMA regex cannot match UTF-8 code points by range anyway.
#include "render/log_tail.h"

namespace manimd::render {

std::string CleanLogLine(std::string_view line) {
  size_t cr = line.rfind('\r');
  if (cr != std::string_view::npos && cr + 1 < line.size()) line = line.substr(cr + 1);
  std::string out;
  out.reserve(line.size());
  for (size_t i = 0; i < line.size(); ++i) {
    unsigned char c = line[i];
    if (c == 0x1b) {  // ESC [ params final-byte  (CSI); ESC ] ... BEL/ST (OSC); ESC x
      if (i + 1 < line.size() && line[i + 1] == '[') {
        i += 2;
        while (i < line.size() && !(line[i] >= 0x40 && line[i] <= 0x7e)) ++i;
      } else if (i + 1 < line.size() && line[i + 1] == ']') {
        i += 2;
        while (i < line.size() && line[i] != '\a' && line[i] != 0x1b) ++i;
        if (i < line.size() && line[i] == 0x1b) ++i;  // ESC '\' terminator
      } else {
        ++i;
      }
      continue;
    }
    // U+2500..U+259F are E2 94 80 .. E2 96 9F in UTF-8.
    if (c == 0xe2 && i + 2 < line.size()) {
      unsigned char c1 = line[i + 1];
      if (c1 >= 0x94 && c1 <= 0x96) {
        i += 2;
        continue;
      }
    }
    if (c == '\r' || (c < 0x20 && c != '\t')) continue;
    out.push_back(static_cast<char>(c));
  }
  size_t end = out.find_last_not_of(' ');
  out.resize(end == std::string::npos ? 0 : end + 1);
  return out;
}

void LogTail::Append(std::string_view bytes) {
  for (const std::string& line : splitter_.Feed(bytes)) Push(line);
}

void LogTail::Push(std::string_view raw) {
  std::string line = CleanLogLine(raw);
  if (line.find_first_not_of(' ') == std::string::npos) return;
  if (line.size() > max_line_bytes_) line = line.substr(0, max_line_bytes_) + "...";
  lines_.push_back(std::move(line));
  if (lines_.size() > max_lines_) lines_.pop_front();
}

std::string LogTail::Text() {
  std::string rest = splitter_.TakeRest();
  if (!rest.empty()) Push(rest);
  std::string text;
  for (const std::string& line : lines_) {
    if (!text.empty()) text += '\n';
    text += line;
  }
  return text;
}

}  // namespace manimd::render
