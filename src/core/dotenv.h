// Reads KEY=VALUE settings from a .env file and merges them under the real environment.
// Not a shell: no variable expansion, no command substitution.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "core/status.h"

namespace manimd::core {

using EnvMap = std::map<std::string, std::string>;

// Parses .env text: "KEY=VALUE", optional "export ", '#' comments, single or double
// quotes (double quotes understand \n, \" and \\). Errors name the line.
Result<EnvMap> ParseDotenv(std::string_view text);

// The process environment, overlaid on the .env file at `path` if it exists (the real
// environment wins). A missing file is fine; an unreadable or malformed one is an error.
Result<EnvMap> LoadEnvironment(const std::string& dotenv_path, char** environ_ptr);

}  // namespace manimd::core
