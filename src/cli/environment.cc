// The one place that reads the process environment.
#include "cli/environment.h"

#include <unistd.h>

#include <CLI/CLI.hpp>

namespace manimd::cli {

void AddConfigFlags(CLI::App* cmd, core::EnvMap* flags) {
  for (const core::ConfigRow& row : core::ConfigTable()) {
    // A subcommand's own flag of the same name wins (`keys create --webhook-secret` makes
    // one; that command has no use for WEBHOOK_SECRET).
    if (cmd->get_option_no_throw(core::FlagName(row.name)) != nullptr) continue;
    cmd->add_option(core::FlagName(row.name), (*flags)[row.name],
                    row.help + " (default: " + row.default_text + ")")
        ->group(std::string("Configuration, also as environment variables: ") + row.section);
  }
}

core::Result<core::Config> LoadProcessConfig(const core::EnvMap& flags) {
  core::Result<core::EnvMap> settings = core::MergeSettings(".env", environ, flags);
  if (!settings.ok()) return settings.status();
  return core::LoadConfig(*settings);
}

}  // namespace manimd::cli
