// `manimd version`: our version and the render runtime's manim version.
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "cli/commands.h"
#include "cli/environment.h"
#include "core/build_info.h"
#include "sandbox/runtime_locator.h"

namespace manimd::cli {

void AddVersionCommand(CLI::App& app, int* exit_code) {
  CLI::App* cmd = app.add_subcommand("version", "print manimd's and the runtime's versions");
  cmd->callback([exit_code] {
    std::cout << "manimd " << core::kVersion << "\n";
    core::Result<core::Config> config = LoadProcessConfig();
    if (!config.ok()) {
      std::cerr << "manimd: " << config.status().message() << "\n";
      *exit_code = kExitUsage;
      return;
    }
    core::Result<sandbox::RuntimeInfo> runtime = sandbox::CheckRuntime(config->runtime_dir);
    if (runtime.ok()) {
      std::cout << "manim " << runtime->manim_version << " (runtime " << runtime->dir << ")\n";
    } else {
      std::cout << "runtime: " << runtime.status().message() << "\n";
    }
  });
}

}  // namespace manimd::cli
