// .env parsing. Hand-written because Debian packages no C++ dotenv library; the format
// accepted is the common subset the seed's `dotenv` npm package reads.
#include "core/dotenv.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace manimd::core {
namespace {

std::string_view Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

bool ValidKey(std::string_view key) {
  if (key.empty()) return false;
  for (char c : key) {
    if (!(c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
      return false;
  }
  return !(key[0] >= '0' && key[0] <= '9');
}

// Parses a quoted value starting at value[0] (the quote). Returns false when unterminated.
bool Unquote(std::string_view value, std::string* out) {
  char quote = value[0];
  for (size_t i = 1; i < value.size(); ++i) {
    char c = value[i];
    if (c == quote) {
      std::string_view rest = Trim(value.substr(i + 1));
      return rest.empty() || rest[0] == '#';
    }
    if (quote == '"' && c == '\\' && i + 1 < value.size()) {
      char n = value[++i];
      out->push_back(n == 'n' ? '\n' : n);
      continue;
    }
    out->push_back(c);
  }
  return false;
}

}  // namespace

Result<EnvMap> ParseDotenv(std::string_view text) {
  EnvMap env;
  int line_no = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = Trim(text.substr(pos, end - pos));
    pos = end + 1;
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    if (line.substr(0, 7) == "export ") line = Trim(line.substr(7));
    size_t eq = line.find('=');
    std::string where = ".env line " + std::to_string(line_no) + ": ";
    if (eq == std::string_view::npos) return InvalidArgument(where + "expected KEY=VALUE");
    std::string_view key = Trim(line.substr(0, eq));
    if (!ValidKey(key)) return InvalidArgument(where + "invalid name \"" + std::string(key) + "\"");
    std::string_view raw = Trim(line.substr(eq + 1));
    std::string value;
    if (!raw.empty() && (raw[0] == '"' || raw[0] == '\'')) {
      if (!Unquote(raw, &value)) return InvalidArgument(where + "unterminated quote");
    } else {
      size_t hash = raw.find(" #");
      value = std::string(Trim(raw.substr(0, hash)));
    }
    env[std::string(key)] = std::move(value);
  }
  return env;
}

Result<EnvMap> MergeSettings(const std::string& dotenv_path, char** environ_ptr,
                             const EnvMap& flags) {
  EnvMap env;
  std::ifstream in(dotenv_path);
  if (in) {
    std::stringstream buf;
    buf << in.rdbuf();
    Result<EnvMap> parsed = ParseDotenv(buf.str());
    if (!parsed.ok()) return parsed.status().WithContext(dotenv_path);
    env = std::move(*parsed);
  } else if (errno != ENOENT) {
    return InvalidArgument(dotenv_path + ": " + std::strerror(errno));
  }
  for (char** e = environ_ptr; e && *e; ++e) {
    std::string_view entry(*e);
    size_t eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    env[std::string(entry.substr(0, eq))] = std::string(entry.substr(eq + 1));
  }
  for (const auto& [name, value] : flags) {
    if (!value.empty()) env[name] = value;
  }
  return env;
}

}  // namespace manimd::core
