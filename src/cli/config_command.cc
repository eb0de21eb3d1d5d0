// `manimd config`: the configuration this process would run with (from .env, the
// environment and flags), credentials masked; `--markdown` prints the tables of
// docs/configuration.md from the one table of settings instead.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.h"
#include "cli/environment.h"

namespace manimd::cli {
namespace {

int RunConfig(const core::EnvMap& flags, bool markdown) {
  if (markdown) {
    std::cout << core::ConfigMarkdown();
    return kExitOk;
  }
  core::Result<core::EnvMap> settings = core::MergeSettings(".env", environ, flags);
  if (!settings.ok()) {
    std::cerr << "manimd config: " << settings.status().message() << "\n";
    return kExitUsage;
  }
  core::Result<core::Config> config = core::LoadConfig(*settings);
  if (!config.ok()) {
    std::cerr << "manimd config: " << config.status().message() << "\n";
    return kExitUsage;
  }
  for (const core::ConfigRow& row : core::ConfigTable()) {
    auto it = settings->find(row.name);
    bool set = it != settings->end() && !it->second.empty();
    std::string shown = !set         ? "(default: " + row.default_text + ")"
                        : row.secret ? std::string("(set, not shown)")
                                     : it->second;
    std::cout << row.name << "=" << shown << "\n";
  }
  return kExitOk;
}

}  // namespace

void AddConfigCommand(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<core::EnvMap>();
  auto markdown = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand(
      "config", "print the configuration (.env, environment, flags) after checking it");
  cmd->add_flag("--markdown", *markdown, "print docs/configuration.md's tables instead");
  AddConfigFlags(cmd, flags.get());
  cmd->callback([flags, markdown, exit_code] { *exit_code = RunConfig(*flags, *markdown); });
}

}  // namespace manimd::cli
