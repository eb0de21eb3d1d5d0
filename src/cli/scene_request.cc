// Shared by cli/render.cc and cli/validate.cc.
#include "cli/scene_request.h"

#include <pthread.h>
#include <signal.h>

#include <CLI/CLI.hpp>
#include <fstream>
#include <sstream>
#include <thread>

namespace manimd::cli {

void AddSceneFlags(CLI::App* cmd, SceneFlags* flags, bool output_options) {
  cmd->add_option("file", flags->file, "the Manim scene file (.py)")->required();
  cmd->add_option("--scene,-s", flags->scene, "Scene subclass (default: the first)");
  cmd->add_option("--quality,-q", flags->quality, "l, m, h, p or k (480p15 .. 2160p60)")
      ->capture_default_str();
  if (!output_options) return;
  cmd->add_option("--format,-f", flags->format, "mp4, webm, gif, mov or png (last frame)");
  cmd->add_option("--fps", flags->fps, "frames per second (1-120)");
  cmd->add_option("--resolution,-r", flags->resolution, "W,H in pixels, e.g. 1280,720");
  cmd->add_flag("--transparent,-t", flags->transparent, "transparent background (mov by default)");
}

core::Result<render::RenderRequest> BuildRequest(const SceneFlags& f, const core::Config& config) {
  render::RenderRequest req;
  std::ifstream in(f.file, std::ios::binary);
  if (!in) return core::InvalidArgument(f.file + ": cannot read the file");
  std::stringstream text;
  text << in.rdbuf();
  req.code = text.str();
  req.source_name = f.file;
  if (!f.scene.empty()) req.scene = f.scene;
  core::Result<render::Quality> q = render::ParseQuality(f.quality);
  if (!q.ok()) return q.status().WithContext("--quality");
  req.quality = *q;
  if (!f.format.empty()) {
    core::Result<render::Format> fmt = render::ParseFormat(f.format);
    if (!fmt.ok()) return fmt.status().WithContext("--format");
    req.format = *fmt;
  }
  if (!f.resolution.empty()) {
    core::Result<render::Resolution> r = render::ParseResolution(f.resolution);
    if (!r.ok()) return r.status().WithContext("--resolution");
    req.resolution = *r;
  }
  if (f.fps >= 0) req.fps = f.fps;
  req.transparent = f.transparent;
  req.compat = *render::ParseCompat(config.compat_default);  // LoadConfig checked it
  if (core::Status s = render::Validate(req, config.max_code_bytes); !s.ok()) return s;
  return req;
}

// Ctrl-C / SIGTERM cancel the render (so the sandbox is killed and its files removed)
// instead of killing manimd mid-way. The signals are taken with sigwait on a thread.
std::shared_ptr<sandbox::CancelToken> CancelOnSignals() {
  auto token = std::make_shared<sandbox::CancelToken>();
  sigset_t set;
  sigemptyset(&set);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&set, sig);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::thread([token, set] {
    int sig = 0;
    while (sigwait(&set, &sig) == 0) token->Cancel();
  }).detach();
  return token;
}

}  // namespace manimd::cli
