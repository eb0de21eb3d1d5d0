// Reads KEY=VALUE settings from a .env file, and merges every source of settings (.env,
// environment, flags) in one place. Not a shell: no variable expansion, no command
// substitution.
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

// Every source of settings merged, lowest precedence first: the .env file at
// `dotenv_path` if it exists, the process environment, then `flags` (empty values in
// `flags` are left out). A missing file is fine; an unreadable or malformed one is an
// error naming it.
Result<EnvMap> MergeSettings(const std::string& dotenv_path, char** environ_ptr,
                             const EnvMap& flags);

}  // namespace manimd::core
