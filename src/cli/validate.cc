// `manimd validate FILE.py`: the file checked without rendering, in the same sandbox as a
// render: syntax, the scenes, and a dry pass of construct() (no frames, no file). Prints
// the scene, its animation count and length, and any warnings; or the error a render
// would give, with its line and hint. --json prints one object, as POST /api/validate.
#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "cli/environment.h"
#include "cli/sandbox_setup.h"
#include "cli/scene_request.h"
#include "render/result_json.h"

namespace manimd::cli {
namespace {

struct ValidateFlags {
  core::EnvMap config_flags;
  SceneFlags scene;
  bool json = false;
};

int Fail(const ValidateFlags& f, int code, const std::string& message) {
  if (f.json) {
    boost::json::object o{
        {"ok", false},
        {"error", render::ErrorJson(
                      render::RenderError::Of(code == kExitUsage ? render::ErrorKind::kInvalidCode
                                                                 : render::ErrorKind::kInternal,
                                              message),
                      "", render::Compat::kV019)}};
    std::cout << boost::json::serialize(o) << std::endl;
  }
  std::cerr << "manimd validate: " << message << "\n";
  return code;
}

void PrintHuman(const render::RenderResult& r, const std::string& source_name) {
  for (const render::Warning& w : r.warnings) {
    std::string where = w.line > 0 ? source_name + ":" + std::to_string(w.line) + ": " : "";
    std::fprintf(stderr, "warning: %s%s [%s]\n", where.c_str(), w.message.c_str(), w.code.c_str());
  }
  if (r.validation) {
    std::fprintf(stderr, "%s: ok, %d animations, %.1f s\n", r.validation->scene.c_str(),
                 r.validation->animations, r.validation->duration_s);
    return;
  }
  const render::RenderError& e = *r.error;
  std::fprintf(stderr, "error (%s): %s\n", render::ErrorKindName(e.kind), e.message.c_str());
  if (e.location) {
    std::fprintf(stderr, "%s:%d: %s\n", source_name.c_str(), e.location->line,
                 e.location->code.c_str());
  }
  if (!e.hint.empty()) std::fprintf(stderr, "hint: %s\n", e.hint.c_str());
}

int RunValidate(const ValidateFlags& f) {
  core::Result<core::Config> config = LoadProcessConfig(f.config_flags);
  if (!config.ok()) return Fail(f, kExitUsage, config.status().message());
  core::Result<render::RenderRequest> request = BuildRequest(f.scene, *config);
  if (!request.ok()) return Fail(f, kExitUsage, request.status().message());
  request->dry_run = true;
  core::Result<SandboxSetup> setup = SetUpSandbox(*config, /*fork_server_default=*/false);
  if (!setup.ok()) {
    bool config_error = setup.status().code() == core::Code::kInvalidArgument;
    return Fail(f, config_error ? kExitUsage : kExitInternal, setup.status().message());
  }
  std::shared_ptr<sandbox::CancelToken> cancel = CancelOnSignals();
  sandbox::RenderJob job{*request, "", "cli"};
  render::RenderResult result = setup->runner->Run(job, {}, *cancel);
  if (f.json) {
    boost::json::object o =
        result.validation
            ? render::ValidationJson(*result.validation, result.warnings)
            : boost::json::object{
                  {"ok", false},
                  {"error",
                   render::ErrorJson(*result.error, setup->runtime.manim_version, request->compat)},
                  {"warnings", render::WarningsJson(result.warnings)}};
    o["durationMs"] = static_cast<std::int64_t>(result.seconds * 1000);
    std::cout << boost::json::serialize(o) << std::endl;
  } else {
    PrintHuman(result, request->source_name);
  }
  if (result.ok()) return kExitOk;
  return result.error->kind == render::ErrorKind::kInternal ? kExitInternal : kExitRenderFailed;
}

}  // namespace

void AddValidateCommand(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<ValidateFlags>();
  CLI::App* cmd = app.add_subcommand(
      "validate", "check a scene file without rendering it: syntax, scenes, a dry pass");
  AddSceneFlags(cmd, &flags->scene, /*output_options=*/false);
  cmd->add_option("--timeout", flags->config_flags["RENDER_TIMEOUT_S"],
                  "wall-clock limit in seconds (RENDER_TIMEOUT_S)");
  cmd->add_option("--compat", flags->config_flags["COMPAT_DEFAULT"],
                  "0.19 (adapt manim 0.19-era code, the default) or none (COMPAT_DEFAULT)");
  cmd->add_flag("--json", flags->json, "print one JSON result object on stdout");
  AddConfigFlags(cmd, &flags->config_flags);
  cmd->callback([flags, exit_code] { *exit_code = RunValidate(*flags); });
}

}  // namespace manimd::cli
