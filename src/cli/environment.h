// Loading the process configuration for a subcommand: .env in the working directory
// under the real environment, then core::LoadConfig.
#pragma once

#include "core/config.h"

namespace manimd::cli {

core::Result<core::Config> LoadProcessConfig();

}  // namespace manimd::cli
