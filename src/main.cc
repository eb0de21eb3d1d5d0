// manimd: argv -> subcommand dispatch, nothing else.
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "core/build_info.h"

int main(int argc, char** argv) {
  CLI::App app{"manimd: render Manim scenes into videos in a locked-down sandbox"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("manimd ") + manimd::core::kVersion);
  int exit_code = manimd::cli::kExitOk;
  manimd::cli::AddRenderCommand(app, &exit_code);
  manimd::cli::AddServeCommand(app, &exit_code);
  manimd::cli::AddValidateCommand(app, &exit_code);
  manimd::cli::AddConfigCommand(app, &exit_code);
  manimd::cli::AddWorkerCommand(app, &exit_code);
  manimd::cli::AddKeysCommand(app, &exit_code);
  manimd::cli::AddVersionCommand(app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? manimd::cli::kExitOk : manimd::cli::kExitUsage;
  }
  return exit_code;
}
