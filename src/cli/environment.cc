// The one place that reads the process environment.
#include "cli/environment.h"

#include <unistd.h>

#include <CLI/CLI.hpp>

namespace manimd::cli {

void AddConfigFlags(CLI::App* cmd, core::EnvMap* flags) {
  for (const core::ConfigVar& var : core::ConfigVars()) {
    cmd->add_option(core::FlagName(var.name), (*flags)[var.name], var.help)
        ->group("Configuration (each also an environment variable, e.g. " +
                std::string("RENDER_TIMEOUT_S)"));
  }
}

core::Result<core::Config> LoadProcessConfig(const core::EnvMap& flags) {
  core::Result<core::EnvMap> env = core::LoadEnvironment(".env", environ);
  if (!env.ok()) return env.status();
  for (const auto& [name, value] : flags) {
    if (!value.empty()) (*env)[name] = value;
  }
  return core::LoadConfig(*env);
}

}  // namespace manimd::cli
