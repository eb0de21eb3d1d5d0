// The subcommand table: each cli/*.cc registers one subcommand on the CLI11 app and sets
// *exit_code when it runs. main.cc only dispatches.
#pragma once

namespace CLI {
class App;
}

namespace manimd::cli {

// Exit codes shared by every subcommand.
inline constexpr int kExitOk = 0;
inline constexpr int kExitRenderFailed = 1;  // the scene failed or hit a limit
inline constexpr int kExitUsage = 2;         // bad arguments or configuration
inline constexpr int kExitInternal = 70;     // manimd itself failed (EX_SOFTWARE)

void AddRenderCommand(CLI::App& app, int* exit_code);
void AddServeCommand(CLI::App& app, int* exit_code);
void AddVersionCommand(CLI::App& app, int* exit_code);
void AddValidateCommand(CLI::App& app, int* exit_code);
void AddConfigCommand(CLI::App& app, int* exit_code);
void AddWorkerCommand(CLI::App& app, int* exit_code);
void AddKeysCommand(CLI::App& app, int* exit_code);

}  // namespace manimd::cli
