// Loading the process configuration for a subcommand: .env in the working directory
// under the real environment, then core::LoadConfig.
#pragma once

#include "core/config.h"

namespace CLI {
class App;
}

namespace manimd::cli {

// Adds a --flag for every configuration variable (core::ConfigTable) to `cmd`; values
// given there land in `*flags`, keyed by the variable's name. Names `cmd` already has are
// left to it: add its own flags first.
void AddConfigFlags(CLI::App* cmd, core::EnvMap* flags);

// The configuration from, lowest precedence first: .env in the working directory, the
// environment, then `flags`.
core::Result<core::Config> LoadProcessConfig(const core::EnvMap& flags = {});

}  // namespace manimd::cli
