// `manimd render FILE.py`: one render in the sandbox, from the command line. Shows a
// progress bar on a terminal, or prints one JSON result object with --json.
#include <signal.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <thread>

#include "cli/commands.h"
#include "cli/environment.h"
#include "cli/progress_bar.h"
#include "cli/sandbox_setup.h"
#include "cli/scene_request.h"
#include "render/render_request.h"
#include "render/result_json.h"

namespace manimd::cli {
namespace {

namespace fs = std::filesystem;

struct RenderFlags {
  core::EnvMap config_flags;  // --render-timeout-s and the other configuration flags
  SceneFlags scene;
  std::string output;
  bool json = false;
  std::string poster = "last";  // --poster: which frame
  std::string poster_file;      // --poster-file; default: the video's path with .png
  bool no_poster = false;       // --no-poster
};

void PrintJson(const render::RenderResult& r, const std::string& output, const std::string& poster,
               const std::string& manim_version, render::Compat compat) {
  boost::json::object o;
  o["ok"] = r.ok();
  if (r.ok()) {
    o["scene"] = r.output->scene;
    o["output"] = output;
    if (!poster.empty()) o["posterPath"] = poster;
    o["format"] = r.output->extension;
    o["bytes"] = r.output->bytes;
    boost::json::array scenes;
    for (const std::string& s : r.output->scenes_in_file) scenes.emplace_back(s);
    o["scenes"] = std::move(scenes);
  } else {
    o["error"] = render::ErrorJson(*r.error, manim_version, compat);
  }
  o["warnings"] = render::WarningsJson(r.warnings);
  o["durationMs"] = static_cast<std::int64_t>(r.seconds * 1000);
  o["usage"] = render::UsageJson(r.usage, 0, r.ok() ? r.output->bytes : 0);
  std::cout << boost::json::serialize(o) << std::endl;
}

void PrintHuman(const render::RenderResult& r, const std::string& output, bool scene_chosen,
                const std::string& source_name) {
  for (const render::Warning& w : r.warnings) {
    std::string where = w.line > 0 ? source_name + ":" + std::to_string(w.line) + ": " : "";
    std::fprintf(stderr, "warning: %s%s [%s]\n", where.c_str(), w.message.c_str(), w.code.c_str());
  }
  if (r.ok()) {
    double kb = static_cast<double>(r.output->bytes) / 1024.0;
    char size[32];
    if (kb < 1024) {
      std::snprintf(size, sizeof size, "%.0f KB", kb);
    } else {
      std::snprintf(size, sizeof size, "%.1f MB", kb / 1024.0);
    }
    std::fprintf(stderr, "%s: %s (%s) in %.1f s\n", r.output->scene.c_str(), output.c_str(), size,
                 r.seconds);
    if (!scene_chosen && r.output->scenes_in_file.size() > 1) {
      std::string others;
      for (const std::string& s : r.output->scenes_in_file) {
        if (s != r.output->scene) others += (others.empty() ? "" : ", ") + s;
      }
      std::fprintf(stderr, "the file also has %s; render one with --scene NAME\n", others.c_str());
    }
    return;
  }
  const render::RenderError& e = *r.error;
  std::fprintf(stderr, "error (%s): %s\n", render::ErrorKindName(e.kind), e.message.c_str());
  if (!e.traceback.empty()) std::fprintf(stderr, "\n%s", e.traceback.c_str());
  if (e.location) {
    std::fprintf(stderr, "\n%s:%d: %s\n", source_name.c_str(), e.location->line,
                 e.location->code.c_str());
  }
  if (!e.hint.empty()) std::fprintf(stderr, "hint: %s\n", e.hint.c_str());
  if (e.traceback.empty() && !e.log_tail.empty()) {
    std::fprintf(stderr, "\nlast output of the render:\n%s\n", e.log_tail.c_str());
  }
}

// Where the result goes: -o FILE; -o DIR (an existing directory, or a path ending in
// '/') for DIR/<Scene>.<ext>; by default ./<Scene>.<ext>.
struct Destination {
  fs::path dir;      // as the user wrote it ("" for the working directory)
  std::string file;  // the explicit file, or empty for <Scene>.<ext> in `dir`
};

Destination PlanDestination(const std::string& output) {
  std::error_code ec;
  if (output.empty()) return {fs::path(), ""};
  if (output.back() == '/' || fs::is_directory(output, ec)) return {fs::path(output), ""};
  fs::path parent = fs::path(output).parent_path();
  return {parent, output};
}

// Moves the render's poster (a video's first or last frame, made in the sandbox) to
// --poster-file or beside the video as <name>.png; where it went, or "" when there is none
// (a png render, or no frame could be taken: then a warning says so).
std::string PlacePoster(const RenderFlags& f, render::RenderResult* result,
                        const std::string& video) {
  const std::string& made = result->output->poster_path;
  if (made.empty()) return "";
  std::string target =
      f.poster_file.empty() ? fs::path(video).replace_extension(".png").string() : f.poster_file;
  if (target == video) return "";  // never over the video itself
  std::error_code ec;
  fs::rename(made, target, ec);
  if (ec) {
    result->warnings.push_back(
        {0, "poster.not_stored", "writing the poster to " + target + ": " + ec.message()});
    return "";
  }
  return target;
}

int Fail(const RenderFlags& f, int code, const std::string& message) {
  if (f.json) {
    render::RenderResult r;
    r.error = render::RenderError::Of(render::ErrorKind::kInternal, message);
    if (code == kExitUsage) r.error->kind = render::ErrorKind::kInvalidCode;
    PrintJson(r, "", "", "", render::Compat::kV019);
  }
  std::cerr << "manimd render: " << message << "\n";
  return code;
}

int RunRender(const RenderFlags& f) {
  core::Result<core::Config> config = LoadProcessConfig(f.config_flags);
  if (!config.ok()) return Fail(f, kExitUsage, config.status().message());
  core::Result<render::RenderRequest> request = BuildRequest(f.scene, *config);
  if (!request.ok()) return Fail(f, kExitUsage, request.status().message());
  core::Result<render::Poster> poster = render::ParsePoster(f.poster);
  if (!poster.ok()) return Fail(f, kExitUsage, "--poster: " + poster.status().message());
  request->poster = *poster;
  core::Result<SandboxSetup> setup = SetUpSandbox(*config, /*fork_server_default=*/false);
  if (!setup.ok()) {
    bool config_error = setup.status().code() == core::Code::kInvalidArgument;
    return Fail(f, config_error ? kExitUsage : kExitInternal, setup.status().message());
  }

  // Render into a private directory beside the destination, then rename into place, so
  // the destination is either the complete file or untouched.
  Destination dest = PlanDestination(f.output);
  fs::path base = dest.dir.empty() ? fs::path(".") : dest.dir;
  std::string staging = (base / ".manimd-render-XXXXXX").string();
  if (mkdtemp(staging.data()) == nullptr) {
    return Fail(f, kExitUsage,
                "-o: cannot write into " + base.string() + ": " + std::strerror(errno));
  }

  std::shared_ptr<sandbox::CancelToken> cancel = CancelOnSignals();
  ProgressBar bar;
  sandbox::RenderJob job{*request, staging, "cli"};
  render::RenderResult result = setup->runner->Run(
      job,
      [&](const render::Progress& p) {
        if (!f.json) bar.Update(p);
      },
      *cancel);
  bar.Finish();

  std::string final_path, poster_path;
  if (result.ok()) {
    final_path = dest.file.empty()
                     ? (dest.dir / (result.output->scene + "." + result.output->extension)).string()
                     : dest.file;
    std::error_code ec;
    fs::rename(result.output->path, final_path, ec);
    if (ec) {
      result.output.reset();
      result.error = render::RenderError::Of(render::ErrorKind::kInternal,
                                             "writing " + final_path + ": " + ec.message());
    } else if (!f.no_poster) {
      poster_path = PlacePoster(f, &result, final_path);
    }
  }
  std::error_code ignored;
  fs::remove_all(staging, ignored);
  if (f.json) {
    PrintJson(result, final_path, poster_path, setup->runtime.manim_version, request->compat);
  } else {
    PrintHuman(result, final_path, !f.scene.scene.empty(), request->source_name);
  }
  if (result.ok()) return kExitOk;
  return result.error->kind == render::ErrorKind::kInternal ? kExitInternal : kExitRenderFailed;
}

}  // namespace

void AddRenderCommand(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<RenderFlags>();
  CLI::App* cmd = app.add_subcommand("render", "render one scene file in the sandbox");
  AddSceneFlags(cmd, &flags->scene, /*output_options=*/true);
  cmd->add_option("-o,--output", flags->output, "where to write (default: ./<Scene>.<ext>)");
  // Shorthand for --render-timeout-s: the same value, checked by the same config rules.
  cmd->add_option("--timeout", flags->config_flags["RENDER_TIMEOUT_S"],
                  "wall-clock limit in seconds (RENDER_TIMEOUT_S)");
  cmd->add_option("--compat", flags->config_flags["COMPAT_DEFAULT"],
                  "0.19 (adapt manim 0.19-era code, the default) or none (COMPAT_DEFAULT)");
  cmd->add_flag("--json", flags->json, "print one JSON result object on stdout");
  cmd->add_option("--poster", flags->poster,
                  "which frame of a video becomes its poster PNG: last (default) or first");
  cmd->add_option("--poster-file", flags->poster_file,
                  "where to write the poster (default: beside the video, as <name>.png)");
  cmd->add_flag("--no-poster", flags->no_poster, "do not write a poster PNG");
  AddConfigFlags(cmd, &flags->config_flags);
  cmd->callback([flags, exit_code] { *exit_code = RunRender(*flags); });
}

}  // namespace manimd::cli
